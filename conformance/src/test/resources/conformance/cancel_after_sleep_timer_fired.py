"""cancel_after_sleep_timer_fired: a task's sleep timer fires in the same loop iteration as an
earlier timer whose task then cancels it: its sleep future is done but it has not resumed yet,
so it gets CancelledError all the same. A blocking call (time.sleep) makes both timers due at once."""
import asyncio
import time


async def victim():
    try:
        await asyncio.sleep(0.03)
        print('victim woke normally')
    except asyncio.CancelledError as e:
        print('victim caught', repr(e))
        raise


async def killer(t):
    await asyncio.sleep(0.02)
    print('killer woke; victim done?', t.done())
    print('killer cancels:', t.cancel('late'))


async def main():
    v = asyncio.create_task(victim())
    k = asyncio.create_task(killer(v))
    await asyncio.sleep(0)
    print('main blocks the loop')
    time.sleep(0.06)
    try:
        await v
    except asyncio.CancelledError as e:
        print('main caught', repr(e))
    await k


asyncio.run(main())
