"""cancel_while_sleeping: cancel(msg) wakes the sleeper with CancelledError(msg); finally blocks run."""
import asyncio


async def sleeper():
    print('sleeper start')
    try:
        await asyncio.sleep(1)
        print('not reached')
    except asyncio.CancelledError as e:
        print('sleeper caught', repr(e))
        raise
    finally:
        print('sleeper finally')


async def main():
    t = asyncio.create_task(sleeper())
    await asyncio.sleep(0.01)
    print('cancel:', t.cancel('bye'))
    print('right after cancel: done?', t.done(), 'cancelling:', t.cancelling())
    try:
        await t
    except asyncio.CancelledError as e:
        print('main caught', repr(e), 'message:', e.args[0], 'str:', str(e))
    print('cancelled?', t.cancelled(), 'done?', t.done())


asyncio.run(main())
