"""taskgroup_abort_child_raises: a child that catches the CancelledError of the group's abort and
raises another error adds it to the ExceptionGroup after the first failure, also when it raises
only after awaiting; when the block is what fails, the same holds; a cancellation from outside with
such a child turns into an ExceptionGroup too."""
import asyncio


class Boom(Exception):
    pass


class Oops(Exception):
    pass


async def crasher(delay):
    await asyncio.sleep(delay)
    print('crasher raises')
    raise Boom('crash')


async def sore_loser(delay):
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError as e:
        print('sore_loser caught', repr(e))
        if delay:
            await asyncio.sleep(delay)
        print('sore_loser raises')
        raise Oops('sore') from e


async def main():
    me = asyncio.current_task()
    for delay in (0, 0.01):
        print('-- a child fails; the loser raises after', delay)
        try:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(sore_loser(delay))
                tg.create_task(crasher(0.01))
                await asyncio.sleep(1)
        except ExceptionGroup as eg:
            print('caught', repr(eg))
            print('cause of the second:', repr(eg.exceptions[1].__cause__))
        print('cancelling', me.cancelling())

    print('-- the block fails')
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(sore_loser(0))
            await asyncio.sleep(0)
            raise Boom('block')
    except ExceptionGroup as eg:
        print('caught', repr(eg))
    print('cancelling', me.cancelling())

    print('-- cancelled from outside')

    async def runner():
        async with asyncio.TaskGroup() as tg:
            tg.create_task(sore_loser(0))
            await asyncio.sleep(1)

    r = asyncio.create_task(runner())
    await asyncio.sleep(0.01)
    r.cancel()
    try:
        await r
    except ExceptionGroup as eg:
        print('main caught', repr(eg))
    print('r cancelled?', r.cancelled(), 'cancelling', r.cancelling())


asyncio.run(main())
