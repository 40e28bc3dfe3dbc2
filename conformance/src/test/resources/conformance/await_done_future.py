"""await_done_future: awaiting an already-done future or task returns without suspending."""
import asyncio


async def other(name):
    print(name, 'ran')


async def quick():
    print('quick ran')
    return 'Q'


async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    f.set_result(42)
    x = asyncio.create_task(other('x'))
    print('main awaits a done future')
    print('main got', await f)
    print('x done?', x.done())
    q = asyncio.create_task(quick())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print('q done?', q.done())
    y = asyncio.create_task(other('y'))
    print('main awaits a done task')
    print('main got', await q)
    print('main got again', await q)
    print('x done?', x.done(), 'y done?', y.done())
    await asyncio.sleep(0)
    print('y done?', y.done())


asyncio.run(main())
