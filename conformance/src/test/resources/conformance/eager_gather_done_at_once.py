"""eager_gather_done_at_once: with eager tasks, a gather whose children all finished eagerly (or
one of which failed eagerly) is done when gather() returns (CPython 3.12+), so awaiting it does
not suspend: a callback scheduled before the gather runs after the awaiter's next lines."""
# requires-python: 3.13
import asyncio


class Boom(Exception):
    pass


async def quick(name):
    return name


async def fails(name):
    raise Boom(name)


async def main():
    loop = asyncio.get_running_loop()
    loop.set_task_factory(asyncio.eager_task_factory)
    loop.call_soon(print, 'callback 1')
    print('main got', await asyncio.gather(quick('a'), quick('b')))
    print('main: after the gather')
    await asyncio.sleep(0)
    loop.call_soon(print, 'callback 2')
    try:
        await asyncio.gather(quick('c'), fails('d'))
    except Boom as e:
        print('main caught', repr(e))
    print('main: after the gather')
    await asyncio.sleep(0)


asyncio.run(main())
