"""cancel_after_waiter_done: cancel() when the awaited future already has its result but the task
has not resumed yet: the task still gets CancelledError at that await, with the message."""
import asyncio


async def waiter(f):
    try:
        r = await f
        print('waiter got', r)
    except asyncio.CancelledError as e:
        print('waiter caught', repr(e))
        raise


async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    t = asyncio.create_task(waiter(f))
    await asyncio.sleep(0)
    f.set_result(1)
    print('cancel:', t.cancel('late'), 'future cancelled?', f.cancelled())
    try:
        await t
    except asyncio.CancelledError as e:
        print('main caught', repr(e))
    print('t cancelled?', t.cancelled(), 'f result', f.result())


asyncio.run(main())
