# requires-python: 3.13
"""timeout_taskgroup: asyncio.timeout around a TaskGroup. The deadline passing while the group
waits for its children, or while its block still runs, cancels the children and the block, and
comes out as TimeoutError; a child failing first gives the ExceptionGroup and no expiry; a child
failing while being cancelled by the deadline gives the ExceptionGroup, not TimeoutError; a
timeout inside a child concerns only that child. (Only one child per group reports its
cancellation: asyncio cancels the children in set order.)"""
import asyncio


class Boom(Exception):
    pass


async def quiet(delay):
    await asyncio.sleep(delay)


async def child(name, delay):
    try:
        await asyncio.sleep(delay)
        print(name, 'finishes')
        return name
    except asyncio.CancelledError:
        print(name, 'cancelled')
        raise


async def failing(name, delay):
    await asyncio.sleep(delay)
    print(name, 'raises')
    raise Boom(name)


async def fails_on_cancel(name):
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print(name, 'raises while cancelled')
        raise Boom(name)


async def child_with_timeout(name):
    try:
        async with asyncio.timeout(0.02):
            await asyncio.sleep(1)
    except TimeoutError:
        print(name, 'had its own TimeoutError')
    return name


async def attempt(label, cm, body):
    me = asyncio.current_task()
    try:
        async with cm:
            async with asyncio.TaskGroup() as tg:
                await body(tg)
        print(label, 'ended, expired', cm.expired())
    except TimeoutError:
        print(label, 'TimeoutError, expired', cm.expired(), 'cancelling', me.cancelling())
    except ExceptionGroup as eg:
        print(label, 'ExceptionGroup', [repr(e) for e in eg.exceptions], 'expired', cm.expired(),
              'cancelling', me.cancelling())


async def main():
    async def waits_for_children(tg):
        tg.create_task(child('a1', 1))
        tg.create_task(quiet(1))

    async def block_sleeps(tg):
        tg.create_task(child('b1', 1))
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:
            print('b block cancelled')
            raise

    async def child_fails(tg):
        tg.create_task(child('c1', 1))
        tg.create_task(failing('c2', 0.01))

    async def fails_during_cancel(tg):
        tg.create_task(fails_on_cancel('d1'))
        tg.create_task(quiet(1))

    async def inner_timeout(tg):
        t = tg.create_task(child_with_timeout('e1'))
        tg.create_task(child('e2', 0.05))
        await asyncio.sleep(0)

    await attempt('waits for children:', asyncio.timeout(0.03), waits_for_children)
    await attempt('block sleeps:', asyncio.timeout(0.03), block_sleeps)
    await attempt('child fails:', asyncio.timeout(0.5), child_fails)
    await attempt('fails during cancel:', asyncio.timeout(0.03), fails_during_cancel)
    await attempt('inner timeout:', asyncio.timeout(1), inner_timeout)


asyncio.run(main())
