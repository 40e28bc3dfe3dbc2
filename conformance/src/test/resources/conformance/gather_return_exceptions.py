"""gather_return_exceptions: exceptions and a cancelled child's CancelledError stand in the results.

A plain future keeps its cancel message; a task's message is covered by
gather_return_exceptions_cancel_message."""
import asyncio


class Boom(Exception):
    pass


class Oops(Exception):
    pass


async def ok(v):
    await asyncio.sleep(0.01)
    return v


async def boom(msg):
    await asyncio.sleep(0.02)
    raise Boom(msg)


async def oops():
    raise Oops()


async def sleeper():
    await asyncio.sleep(1)


async def main():
    t = asyncio.create_task(sleeper())
    await asyncio.sleep(0)
    t.cancel()
    f = asyncio.get_running_loop().create_future()
    f.cancel('plain future')
    results = await asyncio.gather(ok(1), boom('x'), t, oops(), ok('two'), f, return_exceptions=True)
    for r in results:
        print('result', type(r).__name__ if isinstance(r, BaseException) else 'value', repr(r))
    print('t cancelled?', t.cancelled())


asyncio.run(main())
