"""taskgroup_parent_cancelled_in_exit: the block has ended and the group waits for its children
when the task running it is cancelled from outside: the children are cancelled, the group still
waits for one that cleans up slowly (a second cancellation meanwhile does not stop that wait), and
then the first CancelledError goes on out."""
import asyncio


async def slow_cleanup():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError as e:
        print('slow caught', repr(e))
        await asyncio.sleep(0.02)
        print('slow cleaned up')
        raise


async def runner(holder):
    me = asyncio.current_task()
    try:
        async with asyncio.TaskGroup() as tg:
            holder.append(tg.create_task(slow_cleanup()))
            print('block ends')
    except asyncio.CancelledError as e:
        print('runner caught', repr(e), 'cancelling', me.cancelling())
        raise


async def main():
    holder = []
    r = asyncio.create_task(runner(holder))
    await asyncio.sleep(0.01)
    print('first cancel:', r.cancel('first'))
    await asyncio.sleep(0.01)
    print('r done?', r.done())
    print('second cancel:', r.cancel('second'))
    try:
        await r
    except asyncio.CancelledError as e:
        print('main caught', repr(e))
    print('r cancelled?', r.cancelled(), 'cancelling', r.cancelling())
    print('slow cancelled?', holder[0].cancelled())


asyncio.run(main())
