"""sync_event_order: set() wakes every waiter, in the order they started waiting, even if the event
is cleared before they run; wait() on a set event returns at once without suspending."""
import asyncio


async def waiter(name, ev):
    print(name, 'waits')
    r = await ev.wait()
    print(name, 'woke', r, 'is_set', ev.is_set())


async def other():
    print('other ran')


async def main():
    ev = asyncio.Event()
    print('is_set', ev.is_set())
    ts = [asyncio.create_task(waiter(n, ev)) for n in ('w1', 'w2', 'w3')]
    await asyncio.sleep(0)
    ev.set()
    print('set, is_set', ev.is_set())
    ev.set()
    ev.clear()
    print('cleared, is_set', ev.is_set())
    await asyncio.gather(*ts)
    print('all woke')
    ev.set()
    o = asyncio.create_task(other())
    r = await ev.wait()
    print('wait on set event returned', r, 'other done:', o.done())
    await o
    ev.clear()
    w4 = asyncio.create_task(waiter('w4', ev))
    await asyncio.sleep(0)
    print('w4 done:', w4.done())
    ev.set()
    await w4
    print('end')


asyncio.run(main())
