"""sync_lock_fifo: three tasks contend for a Lock with `async with`; they get it first come, first
served, and locked() tells the state at each step."""
import asyncio


async def worker(name, lock):
    print(name, 'wants, locked:', lock.locked())
    async with lock:
        print(name, 'holds, locked:', lock.locked())
        await asyncio.sleep(0)
        print(name, 'releases')
    print(name, 'out, locked:', lock.locked())


async def main():
    lock = asyncio.Lock()
    print('start locked:', lock.locked())
    ts = [asyncio.create_task(worker(n, lock)) for n in ('a', 'b', 'c')]
    await asyncio.sleep(0)
    print('main sees locked:', lock.locked())
    await asyncio.gather(*ts)
    print('end locked:', lock.locked())
    async with lock:
        print('main holds, locked:', lock.locked())
    print('main out, locked:', lock.locked())


asyncio.run(main())
