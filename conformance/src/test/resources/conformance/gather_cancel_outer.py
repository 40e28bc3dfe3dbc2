"""gather_cancel_outer: cancelling the task that awaits gather cancels every child."""
import asyncio


async def child(name):
    try:
        print(name, 'sleeps')
        await asyncio.sleep(1)
    except asyncio.CancelledError as e:
        print(name, 'cancelled', repr(e))
        raise
    finally:
        print(name, 'finally')


async def gatherer():
    try:
        await asyncio.gather(child('a'), child('b'), child('c'))
    except asyncio.CancelledError as e:
        print('gatherer caught', repr(e))
        raise


async def main():
    g = asyncio.create_task(gatherer())
    await asyncio.sleep(0.01)
    print('main cancels gatherer:', g.cancel('stop'))
    try:
        await g
    except asyncio.CancelledError as e:
        print('main caught', repr(e))
    print('gatherer cancelled?', g.cancelled())


asyncio.run(main())
