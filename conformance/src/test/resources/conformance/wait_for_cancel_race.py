# requires-python: 3.13
"""wait_for_cancel_race: the waiting task is cancelled in the same loop iteration as the inner
future or task completes (CPython gh-86296): wait_for must raise CancelledError, not return the
result and swallow the cancellation."""
import asyncio


async def runner(aw, name):
    try:
        r = await asyncio.wait_for(aw, 10)
        print(name, 'runner got', r)
        await asyncio.sleep(0)
        print(name, 'runner goes on')
    except asyncio.CancelledError:
        print(name, 'runner cancelled')
        raise


async def quick():
    await asyncio.sleep(0)
    return 'quick value'


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    r1 = asyncio.create_task(runner(fut, 'future'))
    await asyncio.sleep(0)
    fut.set_result('future value')
    print('cancel r1:', r1.cancel())
    try:
        await r1
    except asyncio.CancelledError:
        print('r1 cancelled?', r1.cancelled())

    q = asyncio.create_task(quick())
    r2 = asyncio.create_task(runner(q, 'task'))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print('q done?', q.done(), 'r2 done?', r2.done())
    print('cancel r2:', r2.cancel())
    try:
        await r2
    except asyncio.CancelledError:
        print('r2 cancelled?', r2.cancelled())


asyncio.run(main())
