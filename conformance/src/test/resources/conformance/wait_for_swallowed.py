"""wait_for_swallowed: if the inner awaitable catches the cancellation of the timeout and returns a
value, wait_for returns that value instead of raising TimeoutError, and the caller is not left
cancelled."""
import asyncio


async def stubborn(name):
    try:
        await asyncio.sleep(1)
        return 'in time'
    except asyncio.CancelledError:
        print(name, 'swallows the cancellation')
    await asyncio.sleep(0.01)
    print(name, 'returns anyway')
    return name + ' value'


async def main():
    me = asyncio.current_task()
    t = asyncio.create_task(stubborn('task'))
    print('task ->', await asyncio.wait_for(t, 0.05))
    print('task cancelled?', t.cancelled(), 'cancelling', me.cancelling())
    print('coro ->', await asyncio.wait_for(stubborn('coro'), 0.05))
    print('cancelling', me.cancelling())
    await asyncio.sleep(0.01)
    print('main not cancelled')


asyncio.run(main())
