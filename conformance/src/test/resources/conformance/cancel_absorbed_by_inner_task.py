"""cancel_absorbed_by_inner_task: cancelling outer cancels the inner task it awaits; the inner one
swallows the cancellation and returns, so outer gets the inner result and is not cancelled."""
import asyncio


async def inner():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError as e:
        print('inner swallowed', repr(e))
    return 'inner result'


async def outer(holder):
    t = asyncio.create_task(inner())
    holder.append(t)
    r = await t
    print('outer got', r)
    await asyncio.sleep(0)
    print('outer not cancelled afterwards')
    return r


async def main():
    holder = []
    o = asyncio.create_task(outer(holder))
    await asyncio.sleep(0.01)
    print('cancel outer:', o.cancel('stop'))
    print('main got', await o)
    print('outer cancelled?', o.cancelled(), 'cancelling:', o.cancelling())
    print('inner cancelled?', holder[0].cancelled(), 'cancelling:', holder[0].cancelling())


asyncio.run(main())
