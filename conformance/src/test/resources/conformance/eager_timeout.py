"""eager_timeout: asyncio.timeout entered during an eager task's first step belongs to that task
(gh-97696): on expiry the eager task gets the cancellation and the TimeoutError, never its
creator; a timeout that does not expire, entered and left within the eager step, leaves no
cancellation behind."""
# requires-python: 3.13
import asyncio


async def slow():
    me = asyncio.current_task()
    print('slow: start')
    try:
        async with asyncio.timeout(0.01) as cm:
            print('slow: inside timeout, current is the task?', asyncio.current_task() is me)
            await asyncio.sleep(10)
            print('not reached')
    except TimeoutError:
        print('slow: timed out; expired?', cm.expired(), 'cancelling', me.cancelling())
    return 'slow done'


async def fast():
    me = asyncio.current_task()
    async with asyncio.timeout(10) as cm:
        print('fast: inside timeout')
    print('fast: left timeout; expired?', cm.expired(), 'cancelling', me.cancelling())
    return 'fast done'


async def inner_expiry():
    me = asyncio.current_task()
    async with asyncio.timeout(10) as outer:
        try:
            async with asyncio.timeout(0) as inner:
                await asyncio.sleep(10)
        except TimeoutError:
            print('inner_expiry: inner expired?', inner.expired(), 'outer expired?',
                  outer.expired(), 'cancelling', me.cancelling())
    return 'inner_expiry done'


async def main():
    me = asyncio.current_task()
    asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)
    s = asyncio.create_task(slow(), name='slow')
    print('main: slow done?', s.done(), 'main cancelling', me.cancelling())
    f = asyncio.create_task(fast(), name='fast')
    print('main: fast done?', f.done(), 'result', f.result())
    i = asyncio.create_task(inner_expiry(), name='inner_expiry')
    print('main: inner_expiry done?', i.done())
    print('main got', await s, await i)
    await asyncio.sleep(0.03)
    print('main: still running; cancelling', me.cancelling(), 'cancelled tasks:',
          [t.get_name() for t in (s, f, i) if t.cancelled()])


asyncio.run(main())
