"""eager_order: with the eager task factory, a task's first step runs inside create_task (a lazy
task waits for its creator's next await); a body that never awaits is done when create_task returns,
one that awaits goes on like any task, scheduled where its first await put it."""
# requires-python: 3.13
import asyncio


async def quick(name):
    print(name, 'runs')
    return name.upper()


async def once(name):
    print(name, 'step 1')
    await asyncio.sleep(0)
    print(name, 'step 2')
    return name.upper()


async def main():
    loop = asyncio.get_running_loop()
    print('lazy: before create_task')
    a = asyncio.create_task(quick('a'))
    print('lazy: after create_task a, done?', a.done())
    b = asyncio.create_task(once('b'))
    print('lazy: after create_task b, done?', b.done())
    await asyncio.sleep(0)
    print('main resumed; a done?', a.done(), 'b done?', b.done())
    print('got', await a, await b)

    loop.set_task_factory(asyncio.eager_task_factory)
    loop.call_soon(print, 'callback scheduled before c')
    print('eager: before create_task')
    c = asyncio.create_task(quick('c'))
    print('eager: after create_task c, done?', c.done(), 'result', c.result())
    d = asyncio.create_task(once('d'))
    print('eager: after create_task d, done?', d.done())
    loop.call_soon(print, 'callback scheduled between d and e')
    e = asyncio.create_task(once('e'))
    print('eager: after create_task e, done?', e.done())
    loop.call_soon(print, 'callback scheduled after e')
    await asyncio.sleep(0)
    print('main resumed; d done?', d.done(), 'e done?', e.done())
    print('got', await c, await d, await e)

    loop.set_task_factory(None)
    f = asyncio.create_task(quick('f'))
    print('lazy again: f done?', f.done())
    print('got', await f)
    print('main done')


asyncio.run(main())
