"""sync_queue_fifo_lifo_priority: the order items come out of Queue, LifoQueue and PriorityQueue;
qsize/empty/full; get_nowait on an empty queue raises QueueEmpty, put_nowait on a full one
QueueFull."""
import asyncio


async def drain(name, q):
    out = []
    while not q.empty():
        out.append(await q.get())
    print(name, out)


async def main():
    for name, cls in (('fifo', asyncio.Queue), ('lifo', asyncio.LifoQueue),
                      ('priority', asyncio.PriorityQueue)):
        q = cls(maxsize=4)
        print(name, 'maxsize', q.maxsize, 'qsize', q.qsize(), 'empty', q.empty(), 'full', q.full())
        for x in (3, 1, 4):
            await q.put(x)
        q.put_nowait(2)
        print(name, 'qsize', q.qsize(), 'empty', q.empty(), 'full', q.full())
        try:
            q.put_nowait(9)
        except asyncio.QueueFull as e:
            print(name, 'put_nowait on full:', type(e).__name__)
        print(name, 'first', q.get_nowait(), 'full', q.full())
        await drain(name, q)
        try:
            q.get_nowait()
        except asyncio.QueueEmpty as e:
            print(name, 'get_nowait on empty:', type(e).__name__)
    q = asyncio.Queue()
    for x in range(100):
        q.put_nowait(x)
    print('unbounded qsize', q.qsize(), 'full', q.full(), 'maxsize', q.maxsize)
    pq = asyncio.PriorityQueue()
    for x in (5, 9, 1, 7, 3, 8, 2, 6, 4, 0):
        pq.put_nowait(x)
    await drain('priority10', pq)


asyncio.run(main())
