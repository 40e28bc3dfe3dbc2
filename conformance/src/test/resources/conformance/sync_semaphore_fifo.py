"""sync_semaphore_fifo: Semaphore(2) with five tasks: two in at a time, the others first come,
first served; locked() along the way."""
import asyncio


async def worker(name, sem):
    print(name, 'wants, locked:', sem.locked())
    async with sem:
        print(name, 'in, locked:', sem.locked())
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        print(name, 'out')


async def main():
    sem = asyncio.Semaphore(2)
    print('start locked:', sem.locked())
    ts = [asyncio.create_task(worker(f't{i}', sem)) for i in range(5)]
    await asyncio.sleep(0)
    print('main sees locked:', sem.locked())
    await asyncio.gather(*ts)
    print('end locked:', sem.locked())


asyncio.run(main())
