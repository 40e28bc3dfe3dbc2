"""wait_for_timeout: when the time is up, wait_for cancels the inner task (or the coroutine, which
runs in the caller) and returns only after its cleanup has run, then raises TimeoutError, whose
cause is the CancelledError; a plain future is cancelled. The caller is not left cancelled."""
import asyncio


async def slow(name):
    try:
        await asyncio.sleep(1)
        print('not reached')
    except asyncio.CancelledError:
        print(name, 'cancelled')
        raise
    finally:
        print(name, 'finally starts')
        await asyncio.sleep(0.02)
        print(name, 'finally ends')


async def main():
    me = asyncio.current_task()
    t = asyncio.create_task(slow('task'))
    try:
        await asyncio.wait_for(t, 0.05)
        print('not reached')
    except TimeoutError as e:
        print('main caught TimeoutError, cause', type(e.__cause__).__name__)
    print('task done?', t.done(), 'cancelled?', t.cancelled(), 'cancelling', me.cancelling())

    try:
        await asyncio.wait_for(slow('coro'), 0.05)
        print('not reached')
    except TimeoutError as e:
        print('main caught TimeoutError, cause', type(e.__cause__).__name__)
    print('cancelling', me.cancelling())

    fut = asyncio.get_running_loop().create_future()
    try:
        await asyncio.wait_for(fut, 0.02)
    except TimeoutError as e:
        print('future: TimeoutError, cause', type(e.__cause__).__name__,
              'future cancelled?', fut.cancelled())
    await asyncio.sleep(0.01)
    print('main not cancelled')


asyncio.run(main())
