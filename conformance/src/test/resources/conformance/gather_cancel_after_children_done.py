"""gather_cancel_after_children_done: when the gatherer's first step finds every child done, gather
is done at once (CPython 3.12+), so the gatherer finishes in that same step and a later cancel()
finds it done: it returns False and nothing is cancelled. (CPython 3.11 suspended the gatherer,
and the late cancellation arrived at its next step.)"""
# requires-python: 3.13
import asyncio


async def value(v):
    return v


async def gatherer(children):
    try:
        r = await asyncio.gather(*children)
        print('gatherer got', r)
    except asyncio.CancelledError as e:
        print('gatherer caught', repr(e))
        raise


async def main():
    t1 = asyncio.create_task(value(1))
    t2 = asyncio.create_task(value(2))
    g = asyncio.create_task(gatherer([t1, t2]))
    await asyncio.sleep(0)
    print('children done?', t1.done(), t2.done(), 'gatherer done?', g.done())
    print('cancel:', g.cancel('late'), 'cancelling:', g.cancelling())
    try:
        await g
    except asyncio.CancelledError as e:
        print('main caught', repr(e))
    print('gatherer cancelled?', g.cancelled())


asyncio.run(main())
