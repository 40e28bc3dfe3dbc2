"""sync_condition_notify: notify(1), notify(2) and notify_all wake waiters in order; a waiter whose
wait_for predicate is still false waits again, at the back; wait/notify without the lock raise."""
import asyncio


async def consumer(name, cond, state):
    async with cond:
        print(name, 'waits')
        r = await cond.wait_for(lambda: state['n'] > 0)
        state['n'] -= 1
        print(name, 'got', r, 'left', state['n'], 'locked', cond.locked())


async def spin():
    for _ in range(6):
        await asyncio.sleep(0)


async def main():
    cond = asyncio.Condition()
    state = {'n': 0}
    try:
        await cond.wait()
    except RuntimeError as e:
        print('wait without lock:', type(e).__name__)
    try:
        cond.notify()
    except RuntimeError as e:
        print('notify without lock:', type(e).__name__)
    ts = [asyncio.create_task(consumer(f'c{i}', cond, state)) for i in range(5)]
    await spin()
    async with cond:
        state['n'] = 1
        print('notify(1)')
        cond.notify(1)
    await spin()
    async with cond:
        state['n'] = 1
        print('notify(2)')
        cond.notify(2)
    await spin()
    async with cond:
        state['n'] = 3
        print('notify_all')
        cond.notify_all()
    await asyncio.gather(*ts)
    print('end n', state['n'], 'locked', cond.locked())


asyncio.run(main())
