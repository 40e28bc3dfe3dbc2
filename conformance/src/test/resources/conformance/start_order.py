"""start_order: tasks start in creation order, and only at the creator's next await point."""
import asyncio


async def worker(name):
    print(name, 'start')
    await asyncio.sleep(0)
    print(name, 'end')
    return name


async def main():
    print('main start')
    t1 = asyncio.create_task(worker('t1'))
    t2 = asyncio.create_task(worker('t2'))
    t3 = asyncio.create_task(worker('t3'))
    print('main created t1 t2 t3')
    for i in range(3):
        print('main still running', i, 't1 done:', t1.done())
    await asyncio.sleep(0)
    print('main after its first await')
    t4 = asyncio.create_task(worker('t4'))
    print('main created t4')
    print('main got', await t3)
    print('main got', await t1, await t2, await t4)
    print('main done')


asyncio.run(main())
