"""eager_cancel: cancelling an eager task that suspended in its first step (right after
create_task returns) wakes it with CancelledError; one that finished eagerly cannot be cancelled;
an eager step that cancels its creator makes the creator's next await raise."""
# requires-python: 3.13
import asyncio


async def sleeper():
    print('sleeper start')
    try:
        await asyncio.sleep(10)
        print('not reached')
    except asyncio.CancelledError as e:
        print('sleeper caught', repr(e))
        raise
    finally:
        print('sleeper finally')


async def quick():
    print('quick runs')
    return 'Q'


async def cancels_creator(creator):
    print('cancels_creator: cancel ->', creator.cancel('from child'))
    print('cancels_creator: creator cancelling', creator.cancelling())
    return 'child done'


async def creator():
    me = asyncio.current_task()
    c = asyncio.create_task(cancels_creator(me), name='child')
    print('creator: child done?', c.done(), 'result', c.result(), 'my cancelling', me.cancelling())
    try:
        await asyncio.sleep(0)
        print('not reached')
    except asyncio.CancelledError as e:
        print('creator caught', repr(e))
        raise


async def main():
    asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)
    t = asyncio.create_task(sleeper(), name='sleeper')
    print('main: sleeper done?', t.done())
    print('main: cancel ->', t.cancel('stop'), 'cancelling', t.cancelling(), 'done?', t.done())
    try:
        await t
    except asyncio.CancelledError as e:
        print('main caught', repr(e))
    print('main: sleeper cancelled?', t.cancelled())

    q = asyncio.create_task(quick(), name='quick')
    print('main: cancel quick ->', q.cancel(), 'cancelled?', q.cancelled(), 'result', q.result())

    cr = asyncio.create_task(creator(), name='creator')
    print('main: creator done?', cr.done())
    try:
        await cr
    except asyncio.CancelledError as e:
        print('main caught', repr(e))
    print('main: creator cancelled?', cr.cancelled())


asyncio.run(main())
