# requires-python: 3.13
"""taskgroup_child_swallows_cancel: a child that catches its CancelledError and returns a value is
not an error: the group waits until it returns, its result is kept, and only the real failure is in
the ExceptionGroup; when the task running the group is cancelled from outside, the group waits for
the stubborn child too and the CancelledError still goes on out. (3.11 leaves cancelling() at 1
after a failure during the exit wait.)"""
import asyncio


class Boom(Exception):
    pass


async def stubborn(name):
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError as e:
        print(name, 'swallows', repr(e))
    await asyncio.sleep(0.01)
    print(name, 'returns anyway')
    return name + ' kept'


async def crasher():
    await asyncio.sleep(0.01)
    print('crasher raises')
    raise Boom('crash')


async def runner(holder):
    async with asyncio.TaskGroup() as tg:
        holder.append(tg.create_task(stubborn('s2')))
        await asyncio.sleep(1)


async def main():
    me = asyncio.current_task()
    print('-- a sibling fails')
    try:
        async with asyncio.TaskGroup() as tg:
            s = tg.create_task(stubborn('s1'))
            tg.create_task(crasher())
            print('block ends')
    except ExceptionGroup as eg:
        print('caught', repr(eg))
    print('s1 cancelled?', s.cancelled(), 'result', s.result(), 'cancelling', s.cancelling())
    print('main cancelling', me.cancelling())

    print('-- the parent is cancelled from outside')
    holder = []
    r = asyncio.create_task(runner(holder))
    await asyncio.sleep(0.01)
    r.cancel()
    try:
        await r
    except asyncio.CancelledError as e:
        print('main caught', repr(e))
    s = holder[0]
    print('s2 cancelled?', s.cancelled(), 'result', s.result())

    print('-- the block ends, a child swallows a cancel() by the block')
    async with asyncio.TaskGroup() as tg:
        s = tg.create_task(stubborn('s3'))
        await asyncio.sleep(0)
        s.cancel()
    print('s3 result', s.result(), 'main cancelling', me.cancelling())


asyncio.run(main())
