"""taskgroup_repr: what a TaskGroup's repr says as it goes: not entered, entered with children,
shutting down with an error and a child still to be accounted for, and after its exit."""
import asyncio


class Boom(Exception):
    pass


async def sleeper(delay):
    await asyncio.sleep(delay)


async def crasher():
    await asyncio.sleep(0.01)
    raise Boom('crash')


async def main():
    tg = asyncio.TaskGroup()
    print('new:', repr(tg))
    async with tg:
        print('entered:', repr(tg))
        tg.create_task(sleeper(0.05))
        tg.create_task(asyncio.sleep(0))
        print('two children:', repr(tg))
        await asyncio.sleep(0.01)
        print('one left:', repr(tg))
        print('block ends')
    print('after exit:', repr(tg))

    tg = asyncio.TaskGroup()
    try:
        async with tg:
            tg.create_task(sleeper(1))
            tg.create_task(crasher())
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                print('aborting:', repr(tg))
                raise
    except ExceptionGroup as eg:
        print('caught', repr(eg))
    print('after a failed exit:', repr(tg))


asyncio.run(main())
