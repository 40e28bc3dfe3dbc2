# requires-python: 3.13
"""as_completed_cancelled: cancelling the task that iterates over as_completed raises CancelledError
in it; the awaitables are not cancelled and run on."""
import asyncio


async def work(name, delay):
    await asyncio.sleep(delay)
    print(name, 'finishes')
    return name


async def consumer(fs):
    try:
        async for x in asyncio.as_completed(fs):
            print('consumer got', x.result())
    except asyncio.CancelledError as e:
        print('consumer caught', repr(e))
        raise


async def main():
    a = asyncio.create_task(work('a', 0.01))
    b = asyncio.create_task(work('b', 0.1))
    c = asyncio.create_task(work('c', 0.15))
    t = asyncio.create_task(consumer([a, b, c]))
    await asyncio.sleep(0.05)
    t.cancel('enough')
    try:
        await t
    except asyncio.CancelledError:
        print('consumer cancelled?', t.cancelled())
    print('b cancelled?', b.cancelled(), 'c cancelled?', c.cancelled())
    print('results', await asyncio.gather(b, c))


asyncio.run(main())
