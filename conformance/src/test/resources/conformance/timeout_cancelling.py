"""timeout_cancelling: asyncio.timeout counts on Task.cancelling(): it remembers the count at entry,
adds one when it expires and takes it back at exit. A task that already has a cancellation request
(caught and not uncancelled) still gets TimeoutError from its own expiry, and keeps its count."""
import asyncio


async def worker():
    me = asyncio.current_task()
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print('worker caught a cancel, cancelling', me.cancelling())
    cm = asyncio.timeout(0.02)
    try:
        async with cm:
            print('entered, cancelling', me.cancelling())
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                print('block cancelled, cancelling', me.cancelling())
                raise
    except TimeoutError:
        print('TimeoutError, cancelling', me.cancelling())
    print('uncancel ->', me.uncancel())
    return 'done'


async def main():
    t = asyncio.create_task(worker())
    await asyncio.sleep(0.01)
    t.cancel()
    print('worker ->', await t, 'cancelling', t.cancelling())


asyncio.run(main())
