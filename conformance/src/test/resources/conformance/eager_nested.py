"""eager_nested: an eager task that creates eager tasks in its first step: each child's first step
runs inside its parent's create_task, depth first, and current_task() is the innermost running
task, back to the parent once create_task returns.

Each body also names its task first thing (set_name on current_task()): with a task factory,
CPython 3.12/3.13 name the task only after the eager step (3.14 before it), and a wrong
current_task() would rename the creator, which the later lines would show."""
# requires-python: 3.13
import asyncio


def cur():
    return asyncio.current_task().get_name()


def named(name):
    asyncio.current_task().set_name(name)


async def leaf(name):
    named(name)
    print(name, 'first step, current', cur())
    return name


async def sleeper(name):
    named(name)
    print(name, 'first step, current', cur())
    await asyncio.sleep(0)
    print(name, 'second step, current', cur())
    return name


async def middle(name):
    named(name)
    print(name, 'start, current', cur())
    x = asyncio.create_task(leaf(name + '.leaf'), name=name + '.leaf')
    print(name, 'after leaf: done?', x.done(), 'current', cur())
    y = asyncio.create_task(sleeper(name + '.sleeper'), name=name + '.sleeper')
    print(name, 'after sleeper: done?', y.done(), 'current', cur())
    r = await y
    print(name, 'got', r, 'current', cur())
    return name + '+' + x.result() + '+' + r


async def top():
    named('top')
    print('top start, current', cur())
    m = asyncio.create_task(middle('m1'), name='m1')
    print('top after m1, current', cur())
    n = asyncio.create_task(middle('m2'), name='m2')
    print('top after m2, current', cur())
    return [await m, await n]


async def main():
    asyncio.current_task().set_name('main')
    asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)
    t = asyncio.create_task(top(), name='top')
    print('main after top, current', cur(), 'top done?', t.done())
    print('main got', await t)


asyncio.run(main())
