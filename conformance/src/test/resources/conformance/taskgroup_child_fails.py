"""taskgroup_child_fails: a child that fails cancels its siblings (their CancelledError handlers
and finally blocks run) and the block at its await; the group waits for them all, then raises an
ExceptionGroup holding only that error; the task running the group is not left cancelled."""
import asyncio


class Boom(Exception):
    pass


async def watched():
    try:
        print('watched sleeps')
        await asyncio.sleep(1)
        print('not reached')
    except asyncio.CancelledError as e:
        print('watched caught', repr(e))
        raise
    finally:
        print('watched finally')


async def quiet(name, log):
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        log.append(name + ' cancelled')
        raise
    finally:
        log.append(name + ' finally')


async def crasher():
    await asyncio.sleep(0.01)
    print('crasher raises')
    raise Boom('crash')


async def main():
    me = asyncio.current_task()
    log = []
    try:
        async with asyncio.TaskGroup() as tg:
            w = tg.create_task(watched())
            q1 = tg.create_task(quiet('q1', log))
            q2 = tg.create_task(quiet('q2', log))
            c = tg.create_task(crasher())
            try:
                await asyncio.sleep(1)
                print('not reached')
            except asyncio.CancelledError as e:
                print('block caught', repr(e), 'cancelling', me.cancelling())
                print('w done?', w.done(), 'c done?', c.done())
                raise
        print('not reached')
    except ExceptionGroup as eg:
        print('caught', repr(eg))
        print('str:', str(eg))
        print('message:', eg.message, 'is c.exception():', eg.exceptions[0] is c.exception())
    print('log:', sorted(log))
    print('cancelled: w', w.cancelled(), 'q1', q1.cancelled(), 'q2', q2.cancelled(),
          'c', c.cancelled())
    print('cancelling', me.cancelling())
    await asyncio.sleep(0)
    print('main goes on')


asyncio.run(main())
