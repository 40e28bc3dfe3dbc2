"""contextvar_task_inherits: a task gets a copy of its creator's context when it is created: it
sees the values set before create_task, not those the creator sets afterwards (even before the task
first runs), and what it sets is seen neither by its creator nor by its siblings; the tasks it
creates afterwards see its values, those it created before do not."""
import asyncio
import contextvars

var = contextvars.ContextVar('var', default='unset')


async def show(who):
    print(who, 'sees', var.get())
    await asyncio.sleep(0)
    print(who, 'still sees', var.get())


async def setter(name, value):
    print(name, 'sees', var.get())
    early = asyncio.create_task(show(name + '.early'))
    var.set(value)
    print(name, 'set', value)
    late = asyncio.create_task(show(name + '.late'))
    await asyncio.sleep(0)
    print(name, 'after sleep(0) sees', var.get())
    await early
    await late
    return var.get()


async def main():
    print('main sees', var.get())
    var.set('main-1')
    a = asyncio.create_task(show('a'))
    var.set('main-2')
    print('main set main-2 after creating a')
    s1 = asyncio.create_task(setter('s1', 'v1'))
    s2 = asyncio.create_task(setter('s2', 'v2'))
    await asyncio.sleep(0)
    print('main sees', var.get())
    print('main got', await s1, await s2, 'and sees', var.get())
    await a
    print('gather children see:', await asyncio.gather(get_later(), get_later()))


async def get_later():
    await asyncio.sleep(0)
    return var.get()


asyncio.run(main())
