"""taskgroup_block_raises: when the block itself raises, the children are cancelled (one that never
started never runs) and waited for, and the ExceptionGroup holds the block's exception; a child's
error collected meanwhile comes first, the block's last, also when the block raises from the
CancelledError the failing child caused."""
import asyncio


class Boom(Exception):
    pass


class Oops(Exception):
    pass


async def sleeper(name):
    try:
        print(name, 'sleeps')
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print(name, 'cancelled')
        raise


async def never_started():
    print('never_started ran')


async def fail_now(name):
    print(name, 'raises')
    raise Boom(name)


async def crash_soon():
    await asyncio.sleep(0.01)
    print('crash_soon raises')
    raise Boom('soon')


async def main():
    me = asyncio.current_task()
    print('-- block raises while children sleep')
    try:
        async with asyncio.TaskGroup() as tg:
            s = tg.create_task(sleeper('s'))
            await asyncio.sleep(0)
            n = tg.create_task(never_started())
            print('block raises')
            raise Oops('block')
    except ExceptionGroup as eg:
        print('caught', repr(eg))
    print('s cancelled', s.cancelled(), 'n cancelled', n.cancelled(), 'cancelling', me.cancelling())

    print('-- a child and the block fail in the same iteration')
    try:
        async with asyncio.TaskGroup() as tg:
            s = tg.create_task(sleeper('s'))
            tg.create_task(fail_now('child'))
            await asyncio.sleep(0)
            print('block raises')
            raise Oops('block')
    except ExceptionGroup as eg:
        print('caught', repr(eg))
    print('cancelling', me.cancelling())

    print('-- the block turns the cancellation into its own error')
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(crash_soon())
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError as e:
                print('block caught', repr(e), 'and raises')
                raise Oops('from handler')
    except ExceptionGroup as eg:
        print('caught', repr(eg))
    print('cancelling', me.cancelling())

    print('-- the block raises from a finally after the cancellation')

    async def nested():
        try:
            await asyncio.sleep(1)
        finally:
            print('nested finally raises')
            raise Oops('finally')

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(crash_soon())
            await nested()
    except ExceptionGroup as eg:
        print('caught', repr(eg))
    print('cancelling', me.cancelling())


asyncio.run(main())
