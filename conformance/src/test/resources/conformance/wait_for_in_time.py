# requires-python: 3.13
"""wait_for_in_time: asyncio.wait_for returns the result of a coroutine, a task or a future that is
done before the timeout; None means no limit. Since 3.12 a coroutine runs in the waiting task
itself (no new task), as a plain await would; an awaitable already done gives its result without
yielding to the loop."""
import asyncio


async def work(name, delay):
    await asyncio.sleep(delay)
    print(name, 'in caller task?', asyncio.current_task() is MAIN[0])
    return name.upper()


async def say(text):
    print(text)


MAIN = [None]


async def main():
    MAIN[0] = asyncio.current_task()
    loop = asyncio.get_running_loop()
    print('coroutine ->', await asyncio.wait_for(work('coro', 0.01), 1))
    t = asyncio.create_task(work('task', 0.01))
    print('task ->', await asyncio.wait_for(t, 1))
    fut = loop.create_future()
    loop.call_later(0.01, fut.set_result, 'FUTURE')
    print('future ->', await asyncio.wait_for(fut, 1))
    print('no limit ->', await asyncio.wait_for(work('none', 0.01), None))
    done = loop.create_future()
    done.set_result('DONE')
    other = asyncio.create_task(say('other runs'))
    print('done future ->', await asyncio.wait_for(done, 1), 'other done?', other.done())
    await other
    print('cancelling', MAIN[0].cancelling())
    await asyncio.sleep(0.01)
    print('end')


asyncio.run(main())
