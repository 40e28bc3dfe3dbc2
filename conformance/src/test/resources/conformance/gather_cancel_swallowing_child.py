"""gather_cancel_swallowing_child: cancelling a gather(return_exceptions=True) awaiter whose
children are cancelled, one of which swallows the cancellation and finishes last.

The awaiter still gets CancelledError (a cancellation was requested, whatever return_exceptions
says), made from the last child (here, in argument order and in completion order both): that
child was not cancelled, so the error has no message.
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
    g = asyncio.create_task(gatherer([o, s]))
    await asyncio.sleep(0.005)
    print('cancel:', g.cancel('stop'))
    try:
        await g
    except asyncio.CancelledError as e:
        print('main caught', repr(e))
    print('g cancelled?', g.cancelled(), 's done?', s.done(), 'o cancelled?', o.cancelled())
    print('main got', await s)


asyncio.run(main())
