# requires-python: 3.13
"""as_completed_timeout: with a timeout (counted from the as_completed call), the iteration gives
what completes in time, then raises TimeoutError, once for each awaitable still pending, then stops;
the pending tasks are not cancelled and run on. What completed in time is given first even if the
iteration starts after the timeout."""
import asyncio


async def work(name, delay):
    await asyncio.sleep(delay)
    print(name, 'finishes')
    return name


async def main():
    fast = asyncio.create_task(work('fast', 0.01))
    slow1 = asyncio.create_task(work('slow1', 0.3))
    slow2 = asyncio.create_task(work('slow2', 0.3))
    it = asyncio.as_completed([slow1, fast, slow2], timeout=0.1)
    try:
        async for x in it:
            print('got', x.result())
        print('not reached')
    except TimeoutError:
        print('TimeoutError in the loop')
    for i in range(3):
        try:
            x = await anext(it)
            print('not reached', x)
        except TimeoutError:
            print('next: TimeoutError')
        except StopAsyncIteration:
            print('next: StopAsyncIteration')
    print('slow1 cancelled?', slow1.cancelled(), 'done?', slow1.done())
    print('results', await asyncio.gather(slow1, slow2))

    early = asyncio.create_task(work('early', 0.01))
    late = asyncio.create_task(work('late', 0.3))
    it = asyncio.as_completed([late, early], timeout=0.05)
    await asyncio.sleep(0.1)
    print('iteration starts after the timeout')
    try:
        async for x in it:
            print('got', x.result())
    except TimeoutError:
        print('then TimeoutError')
    late.cancel()

    quick = asyncio.create_task(work('quick', 0.01))
    async for x in asyncio.as_completed([quick], timeout=5):
        print('in time:', x.result())
    await asyncio.sleep(0.01)
    print('end')


asyncio.run(main())
