"""contextvar_eager: an eager task's first step runs in the task's own context (a copy of its
creator's): it sees the creator's values, and what it sets during the eager step is not seen by
the creator once create_task returns; the creator's later sets are not seen by the task."""
# requires-python: 3.13
import asyncio
import contextvars

var = contextvars.ContextVar('var', default='default')


async def child(name):
    print(name, 'eager step sees', var.get())
    var.set(name + '-value')
    print(name, 'set', var.get())
    await asyncio.sleep(0)
    print(name, 'resumed, sees', var.get())
    return var.get()


async def quick(name):
    print(name, 'sees', var.get())
    var.set(name + '-value')
    return var.get()


async def main():
    asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)
    var.set('main-1')
    a = asyncio.create_task(child('a'))
    print('main after creating a sees', var.get())
    var.set('main-2')
    q = asyncio.create_task(quick('q'))
    print('main after creating q sees', var.get(), 'q result', q.result())
    ctx = contextvars.copy_context()
    print('main got', await a, 'and sees', var.get(), 'ctx sees', ctx.run(var.get))


asyncio.run(main())
