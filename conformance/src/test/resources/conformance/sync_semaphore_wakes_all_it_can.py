"""sync_semaphore_wakes_all_it_can: c and d ask while a, already woken, has not resumed: they queue
behind it (FIFO: no overtaking, though permits are free); when a resumes, it wakes every queued task
the free permits can serve, at once (CPython 3.13; 3.11 woke one per resumption)."""
# requires-python: 3.13
import asyncio


async def worker(name, sem, log):
    print(name, 'wants, locked', sem.locked())
    await sem.acquire()
    print(name, 'acquired')
    log.append(name)


async def main():
    sem = asyncio.Semaphore(0)
    log = []
    a = asyncio.create_task(worker('a', sem, log))
    await asyncio.sleep(0)
    c = asyncio.create_task(worker('c', sem, log))
    d = asyncio.create_task(worker('d', sem, log))
    e = asyncio.create_task(worker('e', sem, log))
    sem.release()
    sem.release()
    sem.release()
    print('released 3, locked', sem.locked())
    for i in range(4):
        await asyncio.sleep(0)
        print('tick', i, 'order', log, 'locked', sem.locked())
    e.cancel()
    await asyncio.gather(a, c, d, e, return_exceptions=True)
    print('end locked', sem.locked(), 'order', log, 'e cancelled', e.cancelled())


asyncio.run(main())
