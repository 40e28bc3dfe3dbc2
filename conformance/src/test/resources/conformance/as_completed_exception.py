# requires-python: 3.13
"""as_completed_exception: a task that raised, or was cancelled, is given like any other, in
completion order; its exception comes out only when its result is taken (result() or await)."""
import asyncio


class Boom(Exception):
    pass


async def ok(delay):
    await asyncio.sleep(delay)
    return 'ok'


async def bad(delay):
    await asyncio.sleep(delay)
    raise Boom('bad')


async def main():
    loop = asyncio.get_running_loop()
    a = asyncio.create_task(ok(0.1), name='a')
    b = asyncio.create_task(bad(0.02), name='b')
    c = asyncio.create_task(ok(1), name='c')
    loop.call_later(0.05, c.cancel)
    async for x in asyncio.as_completed([a, b, c]):
        print('given', x.get_name())
        try:
            print('result', x.result())
        except Boom as e:
            print('result() raised', repr(e))
        except asyncio.CancelledError:
            print('result() raised CancelledError')
        try:
            print('await', await x)
        except Boom as e:
            print('await raised', repr(e))
        except asyncio.CancelledError:
            print('await raised CancelledError')
    print('end')


asyncio.run(main())
