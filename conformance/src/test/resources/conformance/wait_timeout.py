"""wait_timeout: with a timeout, asyncio.wait returns what is done by then and never raises
TimeoutError; the rest stays pending, is not cancelled, and runs on. If everything finishes first,
it returns at once; timeout=0 just sorts the futures into done and pending."""
import asyncio


async def work(name, delay):
    await asyncio.sleep(delay)
    print(name, 'finishes')
    return name


def names(fs):
    return sorted(f.get_name() for f in fs)


async def main():
    loop = asyncio.get_running_loop()
    fast = asyncio.create_task(work('fast', 0.01), name='fast')
    slow = asyncio.create_task(work('slow', 0.3), name='slow')
    done, pending = await asyncio.wait([fast, slow], timeout=0.1)
    print('done', names(done), 'pending', names(pending))
    print('slow done?', slow.done(), 'cancelled?', slow.cancelled())

    lazy = asyncio.create_task(work('lazy', 0.3), name='lazy')
    done, pending = await asyncio.wait([lazy], timeout=0.05, return_when=asyncio.FIRST_COMPLETED)
    print('done', names(done), 'pending', names(pending))

    print('slow result', await slow)
    t0 = loop.time()
    quick = [asyncio.create_task(work(n, 0.02), name=n) for n in ('q1', 'q2')]
    done, pending = await asyncio.wait(quick, timeout=5)
    print('done', names(done), 'pending', names(pending), 'early?', loop.time() - t0 < 2)

    done, pending = await asyncio.wait([fast, lazy], timeout=0)
    print('timeout 0: done', names(done), 'pending', names(pending))
    print('lazy result', await lazy)


asyncio.run(main())
