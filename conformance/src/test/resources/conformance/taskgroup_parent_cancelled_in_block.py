"""taskgroup_parent_cancelled_in_block: the task running the group is cancelled from outside while
the block awaits: the block sees the CancelledError (and may still add a child: the group is not
shutting down yet), the group cancels every child, one not started included, waits for them, and
lets the CancelledError go on out, with its message: it is never swallowed."""
import asyncio


async def child(name):
    try:
        print(name, 'sleeps')
        await asyncio.sleep(1)
    except asyncio.CancelledError as e:
        print(name, 'caught', repr(e))
        await asyncio.sleep(0.01)
        print(name, 'cleaned up')
        raise


async def late():
    print('late ran')


async def runner(holder):
    me = asyncio.current_task()
    async with asyncio.TaskGroup() as tg:
        holder.append(tg.create_task(child('c')))
        try:
            await asyncio.sleep(1)
            print('not reached')
        except asyncio.CancelledError as e:
            print('block caught', repr(e), 'cancelling', me.cancelling())
            holder.append(tg.create_task(late()))
            print('block added late')
            raise
    print('not reached')


async def main():
    holder = []
    r = asyncio.create_task(runner(holder))
    await asyncio.sleep(0.01)
    print('cancel runner:', r.cancel('stop'))
    try:
        await r
    except asyncio.CancelledError as e:
        print('main caught', repr(e))
    c, lt = holder
    print('r cancelled?', r.cancelled(), 'cancelling', r.cancelling())
    print('c cancelled?', c.cancelled(), 'late cancelled?', lt.cancelled())


asyncio.run(main())
