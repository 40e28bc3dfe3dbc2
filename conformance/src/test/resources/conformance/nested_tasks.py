"""nested_tasks: a task creates a task that creates a task; trace order."""
import asyncio


async def c():
    print('c start')
    await asyncio.sleep(0)
    print('c end')
    return 'C'


async def b():
    print('b start')
    tc = asyncio.create_task(c())
    print('b created c')
    await asyncio.sleep(0)
    print('b after sleep(0)')
    r = await tc
    print('b got', r)
    return 'B+' + r


async def a():
    print('a start')
    tb = asyncio.create_task(b())
    print('a created b')
    r = await tb
    print('a got', r)
    return 'A+' + r


async def main():
    ta = asyncio.create_task(a())
    print('main created a')
    await asyncio.sleep(0)
    print('main after sleep(0)')
    print('main got', await ta)


asyncio.run(main())
