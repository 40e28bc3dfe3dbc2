"""contextvar_callbacks: call_soon, call_later and add_done_callback run the callback in a copy of
the context current when it was scheduled (or added): a callback scheduled by a task sees the
task's values, and a value a callback sets stays in its own copy, seen neither by the next
callback nor by the task, nor by the caller of asyncio.run."""
import asyncio
import contextvars

var = contextvars.ContextVar('var', default='default')


async def worker():
    var.set('worker-value')
    loop = asyncio.get_running_loop()
    loop.call_soon(lambda: print('call_soon callback sees', var.get()))
    loop.call_later(0.01, lambda: print('call_later callback sees', var.get()))
    fut = loop.create_future()
    fut.add_done_callback(lambda f: print('done callback sees', var.get()))
    var.set('changed after scheduling')
    loop.call_soon(fut.set_result, None)
    await fut
    await asyncio.sleep(0.02)
    print('worker sees', var.get())


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(lambda: var.set('set in callback 1'))
    loop.call_soon(lambda: print('callback 2 sees', var.get()))
    await asyncio.sleep(0)
    await asyncio.create_task(worker())
    print('main sees', var.get())


asyncio.run(main())
print('after run, the caller sees', var.get())
