"""shield_done: shield of a future or task already done returns that very object (its result or
exception passes through); shield of a coroutine runs it in a new task."""
import asyncio


class Boom(Exception):
    pass


async def value(v):
    return v


async def fail():
    raise Boom('done')


async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    f.set_result('F')
    print('same future?', asyncio.shield(f) is f, await asyncio.shield(f))
    t = asyncio.create_task(value('T'))
    await t
    print('same task?', asyncio.shield(t) is t, await asyncio.shield(t))
    b = asyncio.create_task(fail())
    await asyncio.sleep(0)
    print('same failed task?', asyncio.shield(b) is b)
    try:
        await asyncio.shield(b)
    except Boom as e:
        print('caught', repr(e))
    c = loop.create_future()
    c.cancel()
    print('same cancelled future?', asyncio.shield(c) is c)
    try:
        await asyncio.shield(c)
    except asyncio.CancelledError:
        print('caught CancelledError')
    s = asyncio.shield(value('C'))
    print('coroutine: a task?', isinstance(s, asyncio.Task), 'done?', s.done())
    print('coroutine ->', await s)


asyncio.run(main())
