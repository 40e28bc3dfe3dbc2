"""timeout_external_cancel: a cancel() from outside reaches a task inside asyncio.timeout as
CancelledError, never as TimeoutError: when the deadline has not passed, when it passes in the same
iteration, and when it arrives during the cleanup after the deadline passed."""
import asyncio


async def worker(name, delay, cleanup):
    me = asyncio.current_task()
    cm = asyncio.timeout(delay)
    try:
        async with cm:
            try:
                await asyncio.sleep(1)
                print('not reached')
            except asyncio.CancelledError:
                print(name, 'block cancelled, cancelling', me.cancelling())
                if cleanup:
                    await asyncio.sleep(0.2)
                    print('not reached')
                raise
    except asyncio.CancelledError as e:
        print(name, 'CancelledError out of the block', repr(e), 'expired', cm.expired(),
              'cancelling', me.cancelling())
        raise
    except TimeoutError:
        print(name, 'TimeoutError (wrong)')


async def main():
    async def check(t):
        try:
            await t
        except asyncio.CancelledError:
            print('task cancelled?', t.cancelled())

    t = asyncio.create_task(worker('no expiry', 10, False))
    await asyncio.sleep(0.01)
    t.cancel('external')
    await check(t)

    t = asyncio.create_task(worker('same iteration', 0, False))
    await asyncio.sleep(0)
    t.cancel('external')
    await check(t)

    t = asyncio.create_task(worker('during cleanup', 0.02, True))
    await asyncio.sleep(0.1)
    t.cancel('external')
    await check(t)


asyncio.run(main())
