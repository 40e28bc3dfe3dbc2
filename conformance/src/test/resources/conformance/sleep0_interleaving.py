"""sleep0_interleaving: three tasks loop printing then sleep(0): strict round-robin."""
import asyncio


async def looper(name, n):
    for i in range(n):
        print(name, i)
        await asyncio.sleep(0)
    print(name, 'finished')


async def main():
    a = asyncio.create_task(looper('a', 3))
    b = asyncio.create_task(looper('b', 3))
    c = asyncio.create_task(looper('c', 2))
    for i in range(3):
        print('main', i)
        await asyncio.sleep(0)
    await a
    await b
    await c
    print('main done')


asyncio.run(main())
