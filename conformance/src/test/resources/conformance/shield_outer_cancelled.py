"""shield_outer_cancelled: cancelling a task that awaits shield(inner) raises CancelledError in that
task only; the shielded task is not cancelled, runs on and finishes, and its result can still be
awaited. wait_for(shield(t)) times out the same way, leaving t running."""
import asyncio


async def work(name, delay):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        print(name, 'cancelled (wrong)')
        raise
    print(name, 'finishes')
    return name.upper()


async def runner(inner):
    try:
        r = await asyncio.shield(inner)
        print('not reached', r)
    except asyncio.CancelledError as e:
        print('runner caught', repr(e), 'inner done?', inner.done())
        raise


async def main():
    inner = asyncio.create_task(work('inner', 0.1))
    r = asyncio.create_task(runner(inner))
    await asyncio.sleep(0.02)
    print('cancel runner:', r.cancel('stop'))
    try:
        await r
    except asyncio.CancelledError:
        print('runner cancelled?', r.cancelled(), 'inner cancelled?', inner.cancelled())
    print('inner ->', await inner)

    t = asyncio.create_task(work('t', 0.1))
    try:
        await asyncio.wait_for(asyncio.shield(t), 0.02)
    except TimeoutError:
        print('wait_for: TimeoutError, t cancelled?', t.cancelled(), 'done?', t.done())
    print('t ->', await t)

    coro_outer = asyncio.shield(work('coro', 0.05))
    print('shield of a coroutine is a task?', isinstance(coro_outer, asyncio.Task))
    coro_outer.cancel()
    await asyncio.sleep(0.1)
    print('end')


asyncio.run(main())
