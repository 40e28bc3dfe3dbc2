"""sync_lock_cancel_after_handoff: the lock is released to waiter a (its future is done), then a is
cancelled before it runs: a never holds it and passes it to b; a task c arriving meanwhile queues
behind b even though locked() is False."""
import asyncio


async def waiter(name, lock):
    print(name, 'waits')
    try:
        async with lock:
            print(name, 'holds')
            await asyncio.sleep(0)
        print(name, 'released')
    except asyncio.CancelledError:
        print(name, 'cancelled, locked:', lock.locked())
        raise


async def main():
    lock = asyncio.Lock()
    await lock.acquire()
    a = asyncio.create_task(waiter('a', lock))
    b = asyncio.create_task(waiter('b', lock))
    await asyncio.sleep(0)
    lock.release()
    print('released, locked:', lock.locked())
    print('cancel a:', a.cancel())
    c = asyncio.create_task(waiter('c', lock))
    await b
    await c
    print('a cancelled:', a.cancelled(), 'b done:', b.done(), 'c done:', c.done())
    print('end locked:', lock.locked())


asyncio.run(main())
