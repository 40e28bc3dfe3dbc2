"""gather_cancel_error_from_last_argument: a cancelled gather(return_exceptions=True) raises the
CancelledError of its LAST CHILD IN ARGUMENT ORDER, not of the child that finished last.

In CPython 3.11's gather, `exc = fut._make_cancelled_error()` runs after `for fut in children:`,
so `fut` is the last child given. Here the children are [stubborn, obedient]: stubborn swallows the
cancellation and finishes last, but the error comes from obedient: CancelledError('stop').
"""
import asyncio


async def stubborn():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError as e:
        print('stubborn swallows', repr(e))
    await asyncio.sleep(0.01)
    print('stubborn returns')
    return 'S'


async def obedient():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError as e:
        print('obedient cancelled', repr(e))
        raise


async def gatherer(children):
    try:
        r = await asyncio.gather(*children, return_exceptions=True)
        print('gatherer got', r)
    except asyncio.CancelledError as e:
        print('gatherer caught', repr(e))
        raise


async def main():
    s = asyncio.create_task(stubborn())
    o = asyncio.create_task(obedient())
    g = asyncio.create_task(gatherer([s, o]))
    await asyncio.sleep(0.005)
    print('cancel:', g.cancel('stop'))
    try:
        await g
    except asyncio.CancelledError as e:
        print('main caught', repr(e))
    print('g cancelled?', g.cancelled(), 's done?', s.done(), 'o cancelled?', o.cancelled())
    print('main got', await s)


asyncio.run(main())
