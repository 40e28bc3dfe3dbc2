"""gather_result_order: results come back in argument order, not completion order."""
import asyncio


async def work(name, delay, result):
    print(name, 'start')
    await asyncio.sleep(delay)
    print(name, 'finish')
    return result


async def main():
    results = await asyncio.gather(
        work('slow', 0.05, 'S'),
        work('fast', 0.01, 'F'),
        work('medium', 0.03, 'M'),
    )
    print('results', results)
    t = asyncio.create_task(work('task', 0.02, 7))
    mixed = await asyncio.gather(work('coro', 0.04, 8), t)
    print('mixed', mixed)


asyncio.run(main())
