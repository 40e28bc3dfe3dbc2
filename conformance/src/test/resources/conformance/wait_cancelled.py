"""wait_cancelled: cancelling the task that waits in asyncio.wait raises CancelledError in it (with
the message); the futures it waited for are not cancelled and run on to completion."""
import asyncio


async def work(name, delay):
    await asyncio.sleep(delay)
    print(name, 'finishes')
    return name


async def waiter(fs):
    try:
        await asyncio.wait(fs, timeout=5)
        print('not reached')
    except asyncio.CancelledError as e:
        print('waiter caught', repr(e))
        raise


async def main():
    a = asyncio.create_task(work('a', 0.05))
    b = asyncio.create_task(work('b', 0.1))
    w = asyncio.create_task(waiter([a, b]))
    await asyncio.sleep(0.01)
    print('cancel waiter:', w.cancel('stop'))
    try:
        await w
    except asyncio.CancelledError as e:
        print('main caught', repr(e))
    print('w cancelled?', w.cancelled(), 'a done?', a.done(), 'a cancelled?', a.cancelled())
    print('results', await asyncio.gather(a, b))
    print('a cancelled?', a.cancelled(), 'b cancelled?', b.cancelled())


asyncio.run(main())
