"""gather_first_exception: the first exception goes to the awaiter; the other children keep running."""
import asyncio


class Boom(Exception):
    pass


async def fail_after(delay, msg):
    await asyncio.sleep(delay)
    print('raising', msg)
    raise Boom(msg)


async def work(name, delay):
    await asyncio.sleep(delay)
    print(name, 'done')
    return name


async def main():
    a = asyncio.create_task(fail_after(0.01, 'a failed'), name='a')
    b = asyncio.create_task(work('b', 0.03), name='b')
    c = asyncio.create_task(fail_after(0.05, 'c failed'), name='c')
    try:
        await asyncio.gather(a, b, c)
    except Boom as e:
        print('main caught', repr(e), 'is a.exception():', e is a.exception())
    print('b done?', b.done(), 'c done?', c.done())
    print('main waits for b:', await b)
    try:
        await c
    except Boom as e:
        print('main caught from c', repr(e))
    print('b cancelled?', b.cancelled(), 'c cancelled?', c.cancelled())


asyncio.run(main())
