"""gather_cancel_after_children_done: cancelling a gather awaiter once every child is done but
before gather's callbacks ran: no child can be cancelled, so the cancellation waits for the
awaiter's next step and arrives there, although gather itself succeeds."""
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
