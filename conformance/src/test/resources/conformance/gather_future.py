"""gather_future: asyncio.gather returns a future before it is awaited: done at once for nothing;
cancelling it after its children are done returns False; cancelling it while they run cancels them,
and it ends with a CancelledError as its exception, not cancelled itself; callbacks and shield."""
import asyncio


async def child(name, delay):
    try:
        await asyncio.sleep(delay)
        print(name, 'finished')
        return name
    except asyncio.CancelledError:
        print(name, 'cancelled')
        raise


async def main():
    empty = asyncio.gather()
    print('empty done', empty.done(), 'result', empty.result())
    g = asyncio.gather(child('a', 0.01), child('b', 0.02))
    g.add_done_callback(lambda f: print('callback: done', f.done()))
    print('before await: done', g.done())
    print('awaited', await g)
    print('cancel after done', g.cancel())
    g2 = asyncio.gather(child('c', 1), child('d', 1))
    await asyncio.sleep(0)
    print('cancel while running', g2.cancel())
    print('cancel again', g2.cancel())
    try:
        await g2
    except asyncio.CancelledError:
        print('await g2: CancelledError')
    print('g2 done', g2.done(), 'cancelled', g2.cancelled())
    g3 = asyncio.gather(child('e', 0.01))
    s = asyncio.shield(g3)
    s.cancel()
    await asyncio.sleep(0.05)
    print('shielded gather result', g3.result(), 'outer cancelled', s.cancelled())


asyncio.run(main())
