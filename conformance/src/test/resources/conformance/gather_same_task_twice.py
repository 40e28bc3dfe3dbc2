"""gather_same_task_twice: the same task given twice is one child whose result appears twice."""
import asyncio


async def work(name, delay):
    print(name, 'runs')
    await asyncio.sleep(delay)
    return name.upper()


async def main():
    t = asyncio.create_task(work('t', 0.02))
    r = await asyncio.gather(t, work('u', 0.01), t)
    print('results', r)


asyncio.run(main())
