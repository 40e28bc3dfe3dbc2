"""exception_propagation: a task's exception reaches its awaiter unchanged (the same object), and
result()/exception() report it afterwards."""
import asyncio


class Boom(Exception):
    pass


class Oops(Exception):
    pass


async def fails(exc):
    await asyncio.sleep(0)
    raise exc


async def main():
    t = asyncio.create_task(fails(Boom('bad')))
    try:
        t.result()
    except asyncio.InvalidStateError:
        print('result() of a pending task raised InvalidStateError')
    try:
        t.exception()
    except asyncio.InvalidStateError:
        print('exception() of a pending task raised InvalidStateError')
    try:
        await t
    except Boom as e:
        print('main caught', repr(e), 'same as exception():', e is t.exception())
        try:
            t.result()
        except Boom as again:
            print('result() raised it again, same object:', again is e)
    print('done?', t.done(), 'cancelled?', t.cancelled())
    u = asyncio.create_task(fails(Oops('checked')))
    try:
        await u
    except Oops as e:
        print('main caught', repr(e), 'same as exception():', e is u.exception())
    v = asyncio.create_task(fails(Boom()))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print('v done?', v.done(), 'exception:', repr(v.exception()))
    ok = asyncio.create_task(asyncio.sleep(0, 'fine'))
    await ok
    print('ok result', ok.result(), 'exception', ok.exception())


asyncio.run(main())
