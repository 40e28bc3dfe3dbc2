"""exception_shared_by_awaiters: a future's exception is thrown, as the same object, into each of
its awaiters, which resume in the order they started waiting."""
import asyncio


class Boom(Exception):
    pass


async def waiter(name, f, seen):
    try:
        await f
    except Boom as e:
        print(name, 'caught', repr(e))
        seen.append(e)


async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    seen = []
    a = asyncio.create_task(waiter('a', f, seen))
    b = asyncio.create_task(waiter('b', f, seen))
    await asyncio.sleep(0)
    err = Boom('shared')
    f.set_exception(err)
    print('exception set')
    await a
    await b
    print('same object:', seen[0] is seen[1], seen[0] is err)
    g = loop.create_future()
    g.cancel('gone')
    for i in range(2):
        try:
            await g
        except asyncio.CancelledError as e:
            print('await cancelled future', i, repr(e))


asyncio.run(main())
