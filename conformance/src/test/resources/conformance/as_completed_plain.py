"""as_completed_plain: the 3.13 plain iterator: every awaitable is handed out before anything
completes; awaiting them in order gives results in completion order; an exception comes out of its
awaitable; after the timeout the rest raise TimeoutError."""
# requires-python: 3.13
import asyncio


async def work(name, delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        raise ValueError(name)
    return name


async def main():
    aws = [work('slow', 0.03), work('fast', 0.01), work('bad', 0.02, fail=True)]
    its = list(asyncio.as_completed(aws))
    print('handed out', len(its))
    for aw in its:
        try:
            print('got', await aw)
        except ValueError as e:
            print('raised', repr(e))
    its = list(asyncio.as_completed([work('quick', 0.01), work('late', 10)], timeout=0.05))
    for aw in its:
        try:
            print('got', await aw)
        except TimeoutError:
            print('timed out')
    await asyncio.sleep(0)


asyncio.run(main())
