"""cancel_self: a task cancels itself; the error arrives at its next await point, or the task
ends cancelled if it returns without awaiting."""
import asyncio


async def yields():
    me = asyncio.current_task()
    print('yields cancels itself:', me.cancel('self'))
    print('yields still running')
    try:
        await asyncio.sleep(0)
    except asyncio.CancelledError as e:
        print('yields caught', repr(e))
        raise


async def returns():
    me = asyncio.current_task()
    print('returns cancels itself:', me.cancel('self2'))
    return 'value'


async def waits(f):
    me = asyncio.current_task()
    me.cancel('self3')
    try:
        await f
    except asyncio.CancelledError as e:
        print('waits caught', repr(e), 'future cancelled?', f.cancelled())
        raise


async def main():
    loop = asyncio.get_running_loop()
    for coro in (yields(), returns(), waits(loop.create_future())):
        t = asyncio.create_task(coro)
        try:
            print('main got', await t)
        except asyncio.CancelledError as e:
            print('main caught', repr(e), 'cancelled?', t.cancelled())


asyncio.run(main())
