"""contextvar_run_boundary: asyncio.run runs main in a copy of the caller's context: main sees what
was set before, and what main (or its tasks) sets is gone when run returns."""
import asyncio
import contextvars

var = contextvars.ContextVar('var', default='default')


async def child():
    var.set('child')
    return var.get()


async def main():
    print('main sees', var.get())
    var.set('main')
    print('child got', await asyncio.create_task(child()), 'main sees', var.get())
    return var.get()


print('before run', var.get())
var.set('outside')
print('run returned', asyncio.run(main()))
print('after run', var.get())
print('run returned', asyncio.run(main()))
print('after the second run', var.get())
