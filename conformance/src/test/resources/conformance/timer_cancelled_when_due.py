"""timer_cancelled_when_due: two timers come due in the same iteration (the loop was blocked); the
first cancels the second, which is already in the ready queue: it never runs."""
import asyncio
import time


async def main():
    loop = asyncio.get_running_loop()
    handles = {}

    def first():
        print('first runs; second cancelled?', handles['second'].cancelled())
        handles['second'].cancel()
        print('first cancelled second')

    def second():
        print('second runs')

    def third():
        print('third runs')

    loop.call_later(0.01, first)
    handles['second'] = loop.call_later(0.02, second)
    loop.call_later(0.03, third)
    print('main blocks the loop')
    time.sleep(0.05)
    await asyncio.sleep(0)
    print('main after sleep(0)')
    await asyncio.sleep(0)
    print('main done')


asyncio.run(main())
