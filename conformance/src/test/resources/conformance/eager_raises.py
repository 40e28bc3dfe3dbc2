"""eager_raises: an eager task whose first step raises is done with that exception when
create_task returns (create_task itself does not raise); awaiting it raises the same object. A
first step that raises CancelledError leaves the task cancelled."""
# requires-python: 3.13
import asyncio


class Boom(Exception):
    pass


class Oops(Exception):
    pass


async def fails_now(exc):
    print('fails_now raises', repr(exc))
    raise exc


async def fails_later(exc):
    print('fails_later step 1')
    await asyncio.sleep(0)
    print('fails_later raises', repr(exc))
    raise exc


async def main():
    asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)
    print('main: create a')
    a = asyncio.create_task(fails_now(Boom('now')), name='a')
    print('main: a done?', a.done(), 'cancelled?', a.cancelled(), 'exception', repr(a.exception()))
    try:
        await a
    except Boom as e:
        print('main caught', repr(e), 'same object?', e is a.exception())

    b = asyncio.create_task(fails_now(Oops('checked')), name='b')
    print('main: b done?', b.done(), 'exception', repr(b.exception()))
    try:
        b.result()
    except Oops as e:
        print('result() raised', repr(e), 'same object?', e is b.exception())

    c = asyncio.create_task(fails_now(asyncio.CancelledError('by itself')), name='c')
    print('main: c done?', c.done(), 'cancelled?', c.cancelled())
    try:
        await c
    except asyncio.CancelledError as e:
        print('main caught', repr(e))

    d = asyncio.create_task(fails_later(Boom('later')), name='d')
    print('main: d done?', d.done())
    try:
        await d
    except Boom as e:
        print('main caught', repr(e))
    print('main: cancelling', asyncio.current_task().cancelling())


asyncio.run(main())
