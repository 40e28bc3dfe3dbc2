"""cancel_twice_while_sleeping: two cancel() calls while the waiter is already cancelled.

The second call finds the waiter already cancelled, so it is kept for the next step (must_cancel),
but the error thrown in is the first one's; once caught, the task is not cancelled again.
"""
import asyncio


async def stubborn():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError as e:
        print('stubborn caught', repr(e))
    await asyncio.sleep(0.01)
    print('stubborn slept again undisturbed')
    return 'ok'


async def main():
    t = asyncio.create_task(stubborn())
    await asyncio.sleep(0.005)
    print('first cancel:', t.cancel('one'))
    print('second cancel:', t.cancel('two'))
    print('cancelling:', t.cancelling())
    print('main got', await t, 'cancelled?', t.cancelled())


asyncio.run(main())
