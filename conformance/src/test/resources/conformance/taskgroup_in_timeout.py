"""taskgroup_in_timeout: a group inside a timeout that expires, while the block awaits or while the
group waits for its children: the children are cancelled and waited for, TimeoutError comes out
(not an ExceptionGroup, not CancelledError) and cancelling() is back to 0. If a child fails while
being cancelled, its ExceptionGroup comes out instead, and the task is not left cancelled."""
import asyncio


class Boom(Exception):
    pass


async def child(name):
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError as e:
        print(name, 'caught', repr(e))
        raise


async def bad_loser():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print('bad_loser raises instead')
        raise Boom('lost')


async def quick():
    await asyncio.sleep(0.005)
    print('quick done')
    return 'q'


async def main():
    me = asyncio.current_task()
    print('-- expires while the block awaits')
    cm = asyncio.timeout(0.05)
    try:
        async with cm:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(child('c1'))
                q = tg.create_task(quick())
                try:
                    await asyncio.sleep(1)
                except asyncio.CancelledError as e:
                    print('block caught', repr(e), 'cancelling', me.cancelling())
                    raise
            print('not reached')
    except TimeoutError:
        print('TimeoutError, expired', cm.expired(), 'cancelling', me.cancelling())
    except ExceptionGroup as eg:
        print('not expected', repr(eg))
    print('q', q.result())

    print('-- expires while the group waits in exit')
    try:
        async with asyncio.timeout(0.02):
            async with asyncio.TaskGroup() as tg:
                tg.create_task(child('c2'))
                print('block ends')
            print('not reached')
    except TimeoutError:
        print('TimeoutError, cancelling', me.cancelling())

    print('-- expires, and a child fails when cancelled')
    cm = asyncio.timeout(0.02)
    try:
        async with cm:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(bad_loser())
                await asyncio.sleep(1)
    except TimeoutError:
        print('not expected: TimeoutError')
    except ExceptionGroup as eg:
        print('caught', repr(eg), 'expired', cm.expired(), 'cancelling', me.cancelling())
    await asyncio.sleep(0)
    print('next await fine')


asyncio.run(main())
