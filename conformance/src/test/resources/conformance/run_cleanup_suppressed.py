"""run_cleanup_suppressed: a leftover task that suppresses the cancellation keeps running (and
awaiting) until it finishes; asyncio.run waits for it before returning."""
import asyncio


async def stubborn():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        print('stubborn suppresses', repr(e))
    await asyncio.sleep(0.01)
    print('stubborn finishes its cleanup')
    await asyncio.sleep(0)
    print('stubborn returns')
    return 'ignored'


async def main():
    asyncio.create_task(stubborn())
    await asyncio.sleep(0)
    print('main returns')
    return 'main result'


print('run returned', asyncio.run(main()))
