# requires-python: 3.13
"""as_completed_order: `async for f in asyncio.as_completed(...)` (3.13) gives the original tasks and
futures, done, in the order they complete, not the order given; the same task given twice comes
once; one already done comes first; no awaitables, no iterations."""
import asyncio


async def work(name, delay):
    await asyncio.sleep(delay)
    print(name, 'finishes')
    return name


async def main():
    loop = asyncio.get_running_loop()
    a = asyncio.create_task(work('a', 0.15), name='a')
    b = asyncio.create_task(work('b', 0.05), name='b')
    c = asyncio.create_task(work('c', 0.1), name='c')
    f = loop.create_future()
    loop.call_later(0.02, f.set_result, 'f')
    d = loop.create_future()
    d.set_result('d')
    given = [a, b, c, f, b, a, d]
    n = 0
    async for x in asyncio.as_completed(given):
        n += 1
        print('got', x.result(), 'done?', x.done(), 'original?', any(x is g for g in given))
    print('iterations', n)
    async for x in asyncio.as_completed([]):
        print('not reached')
    print('empty: no iterations')


asyncio.run(main())
