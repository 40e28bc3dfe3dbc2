"""timeout_expiry_race: the deadline of asyncio.timeout passes in the same loop iteration as the
future the block awaits completes. Whichever callback runs first wins: if the block wakes first it
ends in time; if the expiry runs first, the block is cancelled at the await point even though the
future is done, and the result is lost to TimeoutError."""
import asyncio


async def worker(name, fut, box):
    cm = asyncio.timeout(10)
    box.append(cm)
    try:
        async with cm:
            r = await fut
            print(name, 'block got', r)
        print(name, 'ended in time, expired', cm.expired())
    except TimeoutError:
        print(name, 'TimeoutError, expired', cm.expired(), 'future result', fut.result())


async def main():
    loop = asyncio.get_running_loop()
    for name, result_first in (('result first', True), ('expiry first', False)):
        fut = loop.create_future()
        box = []
        t = asyncio.create_task(worker(name, fut, box))
        await asyncio.sleep(0)
        cm = box[0]
        if result_first:
            fut.set_result('R')
            cm.reschedule(loop.time() - 1)
        else:
            cm.reschedule(loop.time() - 1)
            fut.set_result('R')
        await t
        print(name, 'task cancelling', t.cancelling())


asyncio.run(main())
