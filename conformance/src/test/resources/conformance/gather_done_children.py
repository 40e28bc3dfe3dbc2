"""gather_done_children: gather of children that are all done is done at once (CPython 3.12+):
its awaiter does not suspend, and the ticker does not get a turn in between. (CPython 3.11
scheduled the done callbacks instead, which took two loop iterations.)"""
# requires-python: 3.13
import asyncio


async def value(v):
    return v


async def ticker():
    for i in range(4):
        print('ticker', i)
        await asyncio.sleep(0)


async def main():
    t1 = asyncio.create_task(value(1))
    t2 = asyncio.create_task(value(2))
    await asyncio.sleep(0)
    print('children done?', t1.done(), t2.done())
    x = asyncio.create_task(ticker())
    await asyncio.sleep(0)
    print('main gathers')
    r = await asyncio.gather(t1, t2)
    print('gather returned', r)
    await x


asyncio.run(main())
