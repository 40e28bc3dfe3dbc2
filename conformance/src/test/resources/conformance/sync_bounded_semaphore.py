"""sync_bounded_semaphore: releasing a BoundedSemaphore more than acquired raises ValueError; a
negative initial value too."""
import asyncio


async def main():
    sem = asyncio.BoundedSemaphore(2)
    try:
        sem.release()
    except ValueError as e:
        print('over-release at start:', type(e).__name__)
    await sem.acquire()
    print('one acquired, locked:', sem.locked())
    await sem.acquire()
    print('two acquired, locked:', sem.locked())
    sem.release()
    sem.release()
    print('both released, locked:', sem.locked())
    try:
        sem.release()
    except ValueError as e:
        print('over-release:', type(e).__name__)
    print('still usable, locked:', sem.locked())
    async with sem:
        print('in, locked:', sem.locked())
    try:
        asyncio.Semaphore(-1)
    except ValueError as e:
        print('negative value:', type(e).__name__)


asyncio.run(main())
