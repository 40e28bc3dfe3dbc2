"""sync_lock_cancel_waiter: a task cancelled while waiting for a Lock never holds it; the next
waiter gets it; releasing an unlocked lock raises RuntimeError."""
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
    print('main holds, locked:', lock.locked())
    a = asyncio.create_task(waiter('a', lock))
    b = asyncio.create_task(waiter('b', lock))
    await asyncio.sleep(0)
    print('cancel a:', a.cancel())
    await asyncio.sleep(0)
    print('a done:', a.done(), 'cancelled:', a.cancelled())
    lock.release()
    print('after release, locked:', lock.locked())
    await b
    print('b done, locked:', lock.locked())
    try:
        lock.release()
    except RuntimeError as e:
        print('release unlocked:', type(e).__name__)


asyncio.run(main())
