"""sync_queue_bounded_waiters: maxsize=1, two producers and one consumer: the exact interleaving of
put and get, putters served first come, first served."""
import asyncio


async def producer(name, q, items):
    for x in items:
        print(name, 'puts', x, 'full', q.full())
        await q.put(x)
        print(name, 'put', x, 'qsize', q.qsize())
    print(name, 'done')


async def consumer(q, n):
    got = []
    for _ in range(n):
        x = await q.get()
        print('consumer got', x, 'qsize', q.qsize())
        got.append(x)
        await asyncio.sleep(0)
    return got


async def main():
    q = asyncio.Queue(1)
    p1 = asyncio.create_task(producer('p1', q, [1, 2, 3]))
    p2 = asyncio.create_task(producer('p2', q, [10, 20, 30]))
    c = asyncio.create_task(consumer(q, 6))
    got = await c
    await p1
    await p2
    print('got', got, 'qsize', q.qsize())


asyncio.run(main())
