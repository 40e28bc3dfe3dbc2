"""wait_for_zero_timeout: with a timeout of 0 or less, wait_for returns the result (or raises the
exception) of an awaitable already done; anything else is cancelled at once and waited for: a
coroutine never starts, a running task runs its cleanup, a task that swallows the cancellation
gives its value; otherwise TimeoutError."""
import asyncio


class Boom(Exception):
    pass


async def body(name):
    print(name, 'body runs')
    return name


async def sleeper():
    try:
        await asyncio.sleep(1)
    finally:
        print('sleeper finally')


async def stubborn():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print('stubborn swallows the cancellation')
    return 'kept'


async def fail():
    raise Boom('done already')


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    fut.set_result('ready')
    print('done future ->', await asyncio.wait_for(fut, 0))
    t = asyncio.create_task(body('t'))
    await asyncio.sleep(0)
    print('done task ->', await asyncio.wait_for(t, -1))
    bad = asyncio.create_task(fail())
    await asyncio.sleep(0)
    try:
        await asyncio.wait_for(bad, 0)
    except Boom as e:
        print('done failed task raised', repr(e))

    try:
        await asyncio.wait_for(body('coro'), 0)
        print('not reached')
    except TimeoutError:
        print('coroutine: TimeoutError')
    fresh = asyncio.create_task(body('fresh'))
    try:
        await asyncio.wait_for(fresh, 0)
    except TimeoutError:
        print('fresh task: TimeoutError, cancelled?', fresh.cancelled())
    s = asyncio.create_task(sleeper())
    await asyncio.sleep(0)
    try:
        await asyncio.wait_for(s, -5)
    except TimeoutError:
        print('running task: TimeoutError, cancelled?', s.cancelled())
    st = asyncio.create_task(stubborn())
    await asyncio.sleep(0)
    print('stubborn ->', await asyncio.wait_for(st, 0))
    pending = loop.create_future()
    try:
        await asyncio.wait_for(pending, 0)
    except TimeoutError:
        print('pending future: TimeoutError, cancelled?', pending.cancelled())


asyncio.run(main())
