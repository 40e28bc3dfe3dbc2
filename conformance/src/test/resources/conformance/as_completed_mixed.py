# requires-python: 3.13
"""as_completed_mixed: coroutines given to as_completed are wrapped in tasks at once (they run even
before the iteration starts), and the iteration gives those tasks; tasks and futures are given as
they are. All come in completion order. The same coroutine object given twice runs once."""
import asyncio


async def work(name, delay):
    await asyncio.sleep(delay)
    print(name, 'finishes')
    return name


async def main():
    loop = asyncio.get_running_loop()
    t = asyncio.create_task(work('task', 0.1))
    f = loop.create_future()
    loop.call_later(0.15, f.set_result, 'future')
    it = asyncio.as_completed([work('coro1', 0.05), t, f, work('coro2', 0.2)])
    await asyncio.sleep(0.07)
    print('iteration starts')
    async for x in it:
        kind = 'the task' if x is t else 'the future' if x is f else \
            'a new task' if isinstance(x, asyncio.Task) else 'other'
        print('got', x.result(), 'as', kind)
    c = work('twice', 0.01)
    n = 0
    async for x in asyncio.as_completed([c, c]):
        n += 1
        print('got', x.result())
    print('the same coroutine twice: iterations', n)


asyncio.run(main())
