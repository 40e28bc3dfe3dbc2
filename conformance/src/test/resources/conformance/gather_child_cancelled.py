"""gather_child_cancelled: a child cancelled directly while gather awaits: the awaiter gets CancelledError."""
import asyncio


async def work():
    await asyncio.sleep(0.05)
    print('a done')
    return 'A'


async def victim():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError as e:
        print('b cancelled', repr(e))
        raise


async def canceller(t):
    await asyncio.sleep(0.01)
    print('canceller cancels b:', t.cancel('direct'))


async def main():
    a = asyncio.create_task(work())
    b = asyncio.create_task(victim())
    c = asyncio.create_task(canceller(b))
    try:
        await asyncio.gather(a, b)
        print('not reached')
    except asyncio.CancelledError as e:
        print('main caught', repr(e))
    me = asyncio.current_task()
    print('main cancelled?', me.cancelled(), 'cancelling:', me.cancelling())
    print('a done?', a.done())
    print('main got', await a)
    await c


asyncio.run(main())
