"""sync_condition_cancel_passes_signal: a waiter that leaves wait() with an exception passes one
notification on, notified or not (CPython 3.13): here c0 is cancelled before any notify, and c1
re-checks its predicate at once (a spurious wake-up the protocol allows); then a real notify(1)."""
# requires-python: 3.13
import asyncio


async def consumer(name, cond, state):
    async with cond:
        def ready():
            print(name, 'checks', state['n'])
            return state['n'] > 0
        try:
            await cond.wait_for(ready)
            state['n'] -= 1
            print(name, 'got one, left', state['n'])
        except asyncio.CancelledError:
            print(name, 'cancelled, locked', cond.locked())
            raise


async def main():
    cond = asyncio.Condition()
    state = {'n': 0}
    c0 = asyncio.create_task(consumer('c0', cond, state))
    c1 = asyncio.create_task(consumer('c1', cond, state))
    for _ in range(3):
        await asyncio.sleep(0)
    print('cancel c0')
    c0.cancel()
    for _ in range(4):
        await asyncio.sleep(0)
    async with cond:
        state['n'] = 1
        print('notify(1)')
        cond.notify(1)
    await asyncio.gather(c0, c1, return_exceptions=True)
    print('c0 cancelled', c0.cancelled(), 'n', state['n'])


asyncio.run(main())
