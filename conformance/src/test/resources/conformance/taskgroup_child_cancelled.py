"""taskgroup_child_cancelled: a child cancelled on its own (by the block, by a sibling, or raising
CancelledError itself) is not an error: the group goes on, its siblings finish, and the block exits
normally."""
import asyncio


async def sleeper(name):
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError as e:
        print(name, 'caught', repr(e))
        raise


async def work(name, delay):
    await asyncio.sleep(delay)
    print(name, 'done')
    return name


async def canceller(target):
    await asyncio.sleep(0.01)
    print('canceller cancels:', target.cancel('by sibling'))
    return 'cancelled it'


async def self_raiser():
    await asyncio.sleep(0)
    print('self_raiser raises CancelledError')
    raise asyncio.CancelledError('on my own')


async def main():
    me = asyncio.current_task()
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(sleeper('a'))
        b = tg.create_task(sleeper('b'))
        c = tg.create_task(canceller(b))
        d = tg.create_task(self_raiser())
        w = tg.create_task(work('w', 0.02))
        await asyncio.sleep(0)
        print('block cancels a:', a.cancel('by block'))
        await asyncio.sleep(0)
        print('a cancelled?', a.cancelled(), 'd cancelled?', d.cancelled())
        print('block ends')
    print('after: b cancelled?', b.cancelled(), 'c', c.result(), 'w', w.result())
    print('cancelling', me.cancelling())


asyncio.run(main())
