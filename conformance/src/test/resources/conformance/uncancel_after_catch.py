"""uncancel_after_catch: a task that caught a cancellation undoes it with uncancel()."""
import asyncio


async def worker():
    me = asyncio.current_task()
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError as e:
        print('worker caught', repr(e), 'cancelling:', me.cancelling())
        print('uncancel ->', me.uncancel())
        print('uncancel again ->', me.uncancel())
    await asyncio.sleep(0.01)
    print('worker done')
    return 'W'


async def main():
    t = asyncio.create_task(worker())
    await asyncio.sleep(0.005)
    t.cancel()
    print('main got', await t, 'cancelled?', t.cancelled(), 'cancelling:', t.cancelling())


asyncio.run(main())
