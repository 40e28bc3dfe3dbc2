"""sync_semaphore_cancel: a waiter cancelled after being handed a permit gives it back to the next
waiter; a waiter cancelled while waiting takes none; permits are conserved."""
import asyncio


async def waiter(name, sem):
    print(name, 'waits')
    try:
        async with sem:
            print(name, 'in, locked:', sem.locked())
            await asyncio.sleep(0)
        print(name, 'out')
    except asyncio.CancelledError:
        print(name, 'cancelled, locked:', sem.locked())
        raise


async def main():
    sem = asyncio.Semaphore(1)
    await sem.acquire()
    ts = {n: asyncio.create_task(waiter(n, sem)) for n in ('a', 'b', 'c', 'd')}
    await asyncio.sleep(0)
    print('cancel c (waiting):', ts['c'].cancel())
    await asyncio.sleep(0)
    print('locked:', sem.locked())
    sem.release()
    print('released, locked:', sem.locked())
    print('cancel a (handed a permit):', ts['a'].cancel())
    for n in ('a', 'b', 'c', 'd'):
        try:
            await ts[n]
            print(n, 'finished')
        except asyncio.CancelledError:
            print(n, 'was cancelled')
    print('end locked:', sem.locked())
    await sem.acquire()
    print('main acquired again, locked:', sem.locked())
    sem.release()
    print('end2 locked:', sem.locked())


asyncio.run(main())
