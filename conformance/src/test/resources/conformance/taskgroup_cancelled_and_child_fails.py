# requires-python: 3.13
"""taskgroup_cancelled_and_child_fails: the task running the group is cancelled from outside and a
child fails too: the ExceptionGroup wins over the CancelledError, but the task stays cancelled
(cancelling() keeps its count) so its next await raises CancelledError. Python 3.11 and 3.12 drop
that pending cancellation."""
import asyncio


class Boom(Exception):
    pass


async def raise_error(event):
    event.set()
    await asyncio.sleep(0)
    print('child raises')
    raise Boom('child')


async def inner(event):
    me = asyncio.current_task()
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(raise_error(event))
            await asyncio.sleep(1)
            print('not reached')
    except ExceptionGroup as eg:
        print('inner caught', repr(eg), 'cancelling', me.cancelling())
    print('after the group, cancelling', me.cancelling())
    try:
        await asyncio.sleep(1)
        print('not reached: the cancellation was lost')
    except asyncio.CancelledError as e:
        print('next await raised', repr(e))
        raise


async def crash_soon():
    await asyncio.sleep(0.05)
    print('crash_soon raises')
    raise Boom('soon')


async def runner():
    me = asyncio.current_task()
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(crash_soon())
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError as e:
                print('block caught', repr(e), 'cancelling', me.cancelling(), 'and waits')
                await asyncio.sleep(1)
                print('not reached')
    except ExceptionGroup as eg:
        print('runner caught', repr(eg), 'cancelling', me.cancelling())
    try:
        await asyncio.sleep(0)
        print('not reached: the cancellation was lost')
    except asyncio.CancelledError as e:
        print('runner next await raised', repr(e))
        raise


async def main():
    print('-- cancelled while the block awaits, the child fails in the same iteration')
    event = asyncio.Event()
    t = asyncio.create_task(inner(event))
    await event.wait()
    print('cancelling before', t.cancelling())
    t.cancel('outside')
    print('cancelling after', t.cancelling())
    try:
        await t
    except asyncio.CancelledError as e:
        print('main caught', repr(e))
    print('t cancelled?', t.cancelled(), 'cancelling', t.cancelling())

    print('-- cancelled first, the child fails while the block handles it')
    r = asyncio.create_task(runner())
    await asyncio.sleep(0.01)
    r.cancel('outside')
    try:
        await r
    except asyncio.CancelledError as e:
        print('main caught', repr(e))
    print('r cancelled?', r.cancelled(), 'cancelling', r.cancelling())


asyncio.run(main())
