"""sync_queue_cancel_getter: a getter cancelled while waiting takes nothing; one cancelled after an
item woke it passes the wake-up on; every item reaches exactly one getter."""
import asyncio


async def getter(name, q):
    print(name, 'waits')
    try:
        x = await q.get()
    except asyncio.CancelledError:
        print(name, 'cancelled, qsize', q.qsize())
        raise
    print(name, 'got', x)
    return x


async def main():
    q = asyncio.Queue()
    ts = {n: asyncio.create_task(getter(n, q)) for n in ('g1', 'g2', 'g3', 'g4')}
    await asyncio.sleep(0)
    print('cancel g1 (waiting):', ts['g1'].cancel())
    await asyncio.sleep(0)
    q.put_nowait('A')
    print('put A, cancel g2 (woken):', ts['g2'].cancel())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    q.put_nowait('B')
    for n in ('g1', 'g2', 'g3', 'g4'):
        try:
            print(n, 'result', await ts[n])
        except asyncio.CancelledError:
            print(n, 'was cancelled')
    print('qsize', q.qsize(), 'empty', q.empty())


asyncio.run(main())
