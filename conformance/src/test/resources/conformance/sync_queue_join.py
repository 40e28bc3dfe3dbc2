"""sync_queue_join: producers and consumers with task_done and join(); join on a queue with nothing
unfinished returns at once; task_done once too often raises ValueError."""
import asyncio


async def consumer(name, q):
    while True:
        x = await q.get()
        print(name, 'got', x)
        await asyncio.sleep(0)
        print(name, 'done with', x)
        q.task_done()


async def main():
    q = asyncio.Queue()
    await q.join()
    print('join on fresh queue returned')
    cs = [asyncio.create_task(consumer(n, q)) for n in ('c1', 'c2')]
    for x in range(5):
        await q.put(x)
    print('all put, qsize', q.qsize())
    await q.join()
    print('joined, qsize', q.qsize())
    for c in cs:
        c.cancel()
    for c in cs:
        try:
            await c
        except asyncio.CancelledError:
            print('consumer cancelled')
    q.put_nowait('x')
    print('get', q.get_nowait())
    q.task_done()
    await q.join()
    print('joined again')
    try:
        q.task_done()
    except ValueError as e:
        print('task_done too many:', type(e).__name__)


asyncio.run(main())
