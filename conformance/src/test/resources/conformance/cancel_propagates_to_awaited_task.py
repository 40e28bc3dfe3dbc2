"""cancel_propagates_to_awaited_task: cancelling a task that awaits another cancels the inner one."""
import asyncio


async def inner():
    try:
        print('inner sleeps')
        await asyncio.sleep(1)
    except asyncio.CancelledError as e:
        print('inner caught', repr(e))
        raise
    finally:
        print('inner finally')


async def outer(holder):
    t = asyncio.create_task(inner())
    holder.append(t)
    try:
        await t
    except asyncio.CancelledError as e:
        print('outer caught', repr(e))
        raise
    finally:
        print('outer finally')


async def main():
    holder = []
    o = asyncio.create_task(outer(holder))
    await asyncio.sleep(0.01)
    i = holder[0]
    print('cancel outer:', o.cancel('stop'))
    print('inner cancelling:', i.cancelling(), 'outer cancelling:', o.cancelling())
    try:
        await o
    except asyncio.CancelledError as e:
        print('main caught', repr(e))
    print('inner cancelled?', i.cancelled(), 'outer cancelled?', o.cancelled())


asyncio.run(main())
