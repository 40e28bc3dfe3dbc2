"""sync_condition_cancel_while_reacquiring: c0 is notified, then cancelled while it waits to take the
lock back; the notification is not lost: c1 is woken and takes the item (CPython 3.13)."""
# requires-python: 3.13
import asyncio


async def consumer(name, cond, items):
    async with cond:
        try:
            await cond.wait_for(lambda: items)
            print(name, 'took', items.pop())
        except asyncio.CancelledError:
            print(name, 'cancelled, holds the lock again:', cond.locked())
            raise


async def main():
    cond = asyncio.Condition()
    items = []
    c0 = asyncio.create_task(consumer('c0', cond, items))
    c1 = asyncio.create_task(consumer('c1', cond, items))
    for _ in range(3):
        await asyncio.sleep(0)
    async with cond:
        items.append('order')
        print('notify(1)')
        cond.notify(1)
        await asyncio.sleep(0)  # c0 wakes and queues for the lock, which main still holds
        await asyncio.sleep(0)
        print('cancel c0')
        c0.cancel()
    try:
        await asyncio.wait_for(c1, 5)
    except TimeoutError:
        print('c1 never woke: the notification was lost')
    await asyncio.gather(c0, return_exceptions=True)
    print('items', items, 'c0 cancelled', c0.cancelled())


asyncio.run(main())
