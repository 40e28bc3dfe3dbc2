"""done_callbacks_and_awaiters: awaiting tasks and done callbacks are woken in registration order."""
import asyncio


def make_cb(tag):
    def cb(fut):
        print(tag, 'sees', fut.result())
    return cb


async def work():
    await asyncio.sleep(0.01)
    print('work returns')
    return 'R'


async def waiter(name, t):
    print(name, 'awaits')
    r = await t
    print(name, 'resumed with', r)


async def main():
    t = asyncio.create_task(work())
    t.add_done_callback(make_cb('cb1'))
    w = asyncio.create_task(waiter('w', t))
    await asyncio.sleep(0)
    t.add_done_callback(make_cb('cb2'))
    v = asyncio.create_task(waiter('v', t))
    await asyncio.sleep(0)
    t.add_done_callback(make_cb('cb3'))
    print('main awaits')
    r = await t
    print('main resumed with', r)
    await w
    await v


asyncio.run(main())
