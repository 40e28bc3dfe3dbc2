"""timeout_reschedule: the deadline moves while the block runs: earlier (it expires sooner), later
(it does not expire), to None (never), back from None, or into the past (it expires at the next
loop iteration, not at once)."""
import asyncio


async def attempt(name, make, body):
    cm = make()
    try:
        async with cm:
            await body(cm)
        print(name, 'ended in time, expired', cm.expired())
    except TimeoutError:
        print(name, 'TimeoutError, expired', cm.expired())


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    async def earlier(cm):
        cm.reschedule(loop.time() + 0.05)
        await asyncio.sleep(1)

    async def later(cm):
        cm.reschedule(loop.time() + 10)
        print('later: deadline moved?', cm.when() > t0 + 5)
        await asyncio.sleep(0.1)

    async def to_none(cm):
        cm.reschedule(None)
        print('to_none: when', cm.when())
        await asyncio.sleep(0.1)

    async def from_none(cm):
        print('from_none: when', cm.when())
        cm.reschedule(loop.time() + 0.05)
        print('from_none: when is None?', cm.when() is None)
        await asyncio.sleep(1)

    async def past(cm):
        cm.reschedule(loop.time() - 1)
        print('past: expired right after reschedule?', cm.expired())
        await asyncio.sleep(0)
        print('not reached')

    async def back_and_forth(cm):
        cm.reschedule(loop.time() - 1)
        cm.reschedule(None)
        await asyncio.sleep(0.05)

    await attempt('earlier', lambda: asyncio.timeout(10), earlier)
    print('earlier took less than 0.5 s?', loop.time() - t0 < 0.5)
    await attempt('later', lambda: asyncio.timeout(0.05), later)
    await attempt('to_none', lambda: asyncio.timeout(0.05), to_none)
    await attempt('from_none', lambda: asyncio.timeout(None), from_none)
    await attempt('past', lambda: asyncio.timeout(10), past)
    await attempt('back_and_forth', lambda: asyncio.timeout(10), back_and_forth)
    print('cancelling', asyncio.current_task().cancelling())


asyncio.run(main())
