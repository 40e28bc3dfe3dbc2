"""eager_start_per_task: eager_start chosen per task (asyncio.Task(coro, eager_start=...), which
3.14's create_task(coro, eager_start=...) calls), mixed with lazy tasks on one loop: the eager
ones run their first step at once, with their name already set; eager_start=False stays lazy even
under the eager task factory."""
# requires-python: 3.13
import asyncio


async def work(tag, steps):
    print(tag, 'step 0, current', asyncio.current_task().get_name())
    for i in range(1, steps + 1):
        await asyncio.sleep(0)
        print(tag, 'step', i)
    return tag


async def quick(tag):
    # No name here: with a task factory, CPython 3.13 names the task after its eager step.
    print(tag, 'runs')
    return tag


async def main():
    loop = asyncio.get_running_loop()
    asyncio.current_task().set_name('main')
    lazy1 = asyncio.Task(work('lazy1', 1), loop=loop, name='lazy1')
    eager1 = asyncio.Task(work('eager1', 1), loop=loop, name='eager1', eager_start=True)
    lazy2 = asyncio.Task(work('lazy2', 0), loop=loop, name='lazy2', eager_start=False)
    eager2 = asyncio.Task(work('eager2', 0), loop=loop, name='eager2', eager_start=True)
    print('main: created; done:', [t.done() for t in (lazy1, eager1, lazy2, eager2)],
          'current', asyncio.current_task().get_name())
    await asyncio.sleep(0)
    print('main: after sleep(0); done:', [t.done() for t in (lazy1, eager1, lazy2, eager2)])
    print('main got', await asyncio.gather(lazy1, eager1, lazy2, eager2))

    loop.set_task_factory(asyncio.eager_task_factory)
    lazy3 = asyncio.Task(work('lazy3', 0), loop=loop, name='lazy3', eager_start=False)
    eager3 = asyncio.create_task(quick('eager3'), name='eager3')
    print('main: under the eager factory; lazy3 done?', lazy3.done(), 'eager3 done?', eager3.done())
    print('main got', await lazy3, await eager3)


asyncio.run(main())
