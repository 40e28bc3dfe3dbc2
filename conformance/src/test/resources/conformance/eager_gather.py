"""eager_gather: gather() wraps its coroutines in tasks through the loop's task factory, so with
eager tasks each child's first step runs inside gather(), in argument order; children that finish
eagerly are done before gather() returns. An eager child that raises at once makes the gather
fail, and the other children run on; return_exceptions collects the failure.

Not observed here: whether awaiting a gather whose children all finished eagerly suspends.
CPython 3.12+ completes such a gather inside gather(), so the await does not suspend; jasyncio,
like CPython 3.11, completes it from the children's done callbacks, one loop iteration later."""
# requires-python: 3.13
import asyncio


class Boom(Exception):
    pass


async def quick(name):
    print(name, 'runs')
    return name


async def once(name):
    print(name, 'step 1')
    await asyncio.sleep(0)
    print(name, 'step 2')
    return name


async def slow(name):
    print(name, 'step 1')
    await asyncio.sleep(0.05)
    print(name, 'step 2')
    return name


async def fails(name):
    print(name, 'raises')
    raise Boom(name)


async def main():
    loop = asyncio.get_running_loop()
    loop.set_task_factory(asyncio.eager_task_factory)

    print('main: gather of quick children')
    print('main got', await asyncio.gather(quick('a'), quick('b'), quick('c')))

    print('main: gather of mixed children')
    print('main got', await asyncio.gather(quick('d'), once('e'), quick('f'), once('g')))

    print('main: gather with a failing child')
    try:
        await asyncio.gather(slow('h'), fails('i'), quick('j'))
    except Boom as e:
        print('main caught', repr(e))
    print('main: waits for h')
    await asyncio.sleep(0.1)

    print('main: gather with a failing child, return_exceptions')
    print('main got', await asyncio.gather(quick('k'), fails('l'), once('m'),
                                           return_exceptions=True))
    print('main done')


asyncio.run(main())
