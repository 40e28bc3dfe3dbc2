"""contextvar_to_thread: to_thread runs its function in a copy of the task's context, so it sees the
task's values and its sets stay in the copy; run_in_executor copies nothing: the function sees its
thread's own context."""
import asyncio
import contextvars

var = contextvars.ContextVar('var', default='default')


def in_thread(tag):
    seen = var.get()
    var.set('set in ' + tag)
    return tag + ' saw ' + seen + ', then ' + var.get()


async def worker(name):
    var.set(name + '-value')
    print(name, 'to_thread ->', await asyncio.to_thread(in_thread, name))
    print(name, 'still sees', var.get())


async def main():
    var.set('main-value')
    print('main to_thread ->', await asyncio.to_thread(in_thread, 'main'))
    print('main still sees', var.get())
    await asyncio.create_task(worker('w1'))
    await asyncio.create_task(worker('w2'))
    loop = asyncio.get_running_loop()
    print('run_in_executor ->', await loop.run_in_executor(None, var.get))
    print('main still sees', var.get())


asyncio.run(main())
