"""timeout_block_swallows: a block that catches the timeout's CancelledError and ends normally gets
no TimeoutError; expired() is still true, the task is not left cancelling, and it goes on."""
import asyncio


async def main():
    me = asyncio.current_task()
    cm = asyncio.timeout(0.02)
    async with cm:
        try:
            await asyncio.sleep(1)
            result = 'in time'
        except asyncio.CancelledError:
            print('block swallows, cancelling', me.cancelling())
            result = 'fallback'
        await asyncio.sleep(0)
        print('block goes on after the deadline')
    print(result, 'expired', cm.expired(), 'cancelling', me.cancelling(), repr(cm))
    await asyncio.sleep(0.01)
    print('main not cancelled')


asyncio.run(main())
