"""shield_inner_cancelled: if the shielded task itself is cancelled, the shield's future is
cancelled too, and its awaiter gets CancelledError."""
import asyncio


async def work():
    await asyncio.sleep(1)
    return 'never'


async def runner(outer):
    try:
        await outer
        print('not reached')
    except asyncio.CancelledError as e:
        print('runner caught', repr(e))
        raise


async def main():
    inner = asyncio.create_task(work())
    outer = asyncio.shield(inner)
    r = asyncio.create_task(runner(outer))
    await asyncio.sleep(0.01)
    print('cancel inner:', inner.cancel('inner stop'))
    try:
        await r
    except asyncio.CancelledError:
        print('runner cancelled?', r.cancelled())
    print('inner cancelled?', inner.cancelled(), 'outer cancelled?', outer.cancelled())


asyncio.run(main())
