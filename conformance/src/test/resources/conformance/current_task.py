"""current_task: the running task inside a task body, none inside a callback; names as given."""
import asyncio


def cb():
    print('in callback current_task is', asyncio.current_task())


async def named():
    t = asyncio.current_task()
    print('in task current_task is', t.get_name())
    asyncio.get_running_loop().call_soon(cb)
    await asyncio.sleep(0)
    t.set_name('renamed')
    print('renamed to', asyncio.current_task().get_name())


async def main():
    asyncio.current_task().set_name('main')
    print('main is', asyncio.current_task().get_name())
    t = asyncio.create_task(named(), name='worker')
    print('created', t.get_name())
    await t
    print('after', t.get_name())
    print('pending tasks:', sorted(x.get_name() for x in asyncio.all_tasks()))
    u = asyncio.create_task(asyncio.sleep(0.01), name='sleeper')
    print('pending tasks:', sorted(x.get_name() for x in asyncio.all_tasks()))
    await u
    print('pending tasks:', sorted(x.get_name() for x in asyncio.all_tasks()))


asyncio.run(main())
