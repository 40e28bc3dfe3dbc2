# requires-python: 3.13
"""wait_for_outer_cancelled: cancelling the task waiting in wait_for cancels the inner awaitable,
waits for its cleanup, and raises CancelledError (not TimeoutError) in the waiting task. An inner
task that swallows the cancellation and returns a value makes wait_for return it, as a plain await
of that task would (the waiting task's cancelling() stays 1). A cancel while wait_for waits for
the inner's cleanup after the deadline interrupts that cleanup and comes out as CancelledError;
after a timeout of 0 the CancelledError comes out too, but the cleanup goes on (wait_for waits on
a side future there, not on the inner)."""
import asyncio


async def inner(name):
    try:
        await asyncio.sleep(1)
    finally:
        print(name, 'inner finally')


async def slow_cleanup(name):
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print(name, 'inner cleanup starts')
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:
            print(name, 'inner cleanup cancelled too')
            raise
        raise


async def runner(aw, name, timeout=10):
    try:
        await asyncio.wait_for(aw, timeout)
        print('not reached')
    except asyncio.CancelledError as e:
        print(name, 'runner caught', repr(e))
        raise
    except TimeoutError:
        print(name, 'runner caught TimeoutError')


async def stubborn():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print('stubborn swallows the cancellation')
    return 'stubborn value'


async def stubborn_runner(aw):
    me = asyncio.current_task()
    r = await asyncio.wait_for(aw, 10)
    print('stubborn runner got', r, 'cancelling', me.cancelling())
    return r


async def main():
    t = asyncio.create_task(inner('task'))
    r1 = asyncio.create_task(runner(t, 'task'))
    r2 = asyncio.create_task(runner(inner('coro'), 'coro'))
    await asyncio.sleep(0.02)
    print('cancel r1', r1.cancel('stop'), 'cancel r2', r2.cancel())
    for r in (r1, r2):
        try:
            await r
        except asyncio.CancelledError as e:
            print('main caught', repr(e))
    print('inner task cancelled?', t.cancelled(), 'r1 cancelled?', r1.cancelled(),
          'r2 cancelled?', r2.cancelled())

    s = asyncio.create_task(stubborn())
    r3 = asyncio.create_task(stubborn_runner(s))
    await asyncio.sleep(0.02)
    print('cancel r3', r3.cancel())
    print('r3 ->', await r3, 'r3 cancelled?', r3.cancelled(), 's cancelled?', s.cancelled())

    for name, timeout in (('after expiry', 0.02), ('zero timeout', 0)):
        slow = asyncio.create_task(slow_cleanup(name))
        await asyncio.sleep(0)
        r4 = asyncio.create_task(runner(slow, name, timeout))
        await asyncio.sleep(0.05)
        print(name, 'cancel the runner during the cleanup', r4.cancel())
        try:
            await r4
        except asyncio.CancelledError:
            print(name, 'runner cancelled?', r4.cancelled(), 'inner cancelled?', slow.cancelled())
        slow.cancel()
        try:
            await slow
        except asyncio.CancelledError:
            print(name, 'inner cancelled at last?', slow.cancelled())


asyncio.run(main())
