# requires-python: 3.13
"""taskgroup_two_fail: two children that fail in the same loop iteration both end up in the
ExceptionGroup, in the order they failed, whether the block is still running or the group already
waits in exit; the task running the group is not left cancelled (3.11 leaves cancelling() at 1
when the failure arrives during the exit wait)."""
import asyncio


class Boom(Exception):
    pass


async def fail_now(name):
    print(name, 'raises')
    raise Boom(name)


async def fail_after_yield(name):
    await asyncio.sleep(0)
    print(name, 'raises')
    raise Boom(name)


async def sleeper():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print('sleeper cancelled')
        raise


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail_now('a'))
            tg.create_task(fail_now('b'))
            tg.create_task(sleeper())
            print('block awaits')
            await asyncio.sleep(1)
            print('not reached')
    except ExceptionGroup as eg:
        print('caught', repr(eg))

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail_after_yield('c'))
            tg.create_task(sleeper())
            tg.create_task(fail_after_yield('d'))
            print('block ends')
    except ExceptionGroup as eg:
        print('caught', repr(eg))
    print('cancelling', asyncio.current_task().cancelling())


asyncio.run(main())
