"""wait_all_completed: asyncio.wait with the default ALL_COMPLETED returns when every future is done
with a result, an exception or cancelled; it never raises their exceptions. The same task given
twice counts once."""
import asyncio


class Boom(Exception):
    pass


async def ok(delay):
    await asyncio.sleep(delay)
    return 'ok'


async def bad(delay):
    await asyncio.sleep(delay)
    raise Boom('bad')


def outcome(f):
    if f.cancelled():
        return 'cancelled'
    if f.exception() is not None:
        return 'raised ' + repr(f.exception())
    return 'result ' + repr(f.result())


async def main():
    loop = asyncio.get_running_loop()
    a = asyncio.create_task(ok(0.03), name='a')
    b = asyncio.create_task(bad(0.01), name='b')
    c = asyncio.create_task(ok(1), name='c')
    f = loop.create_future()
    loop.call_later(0.05, f.set_result, 'from callback')
    loop.call_later(0.02, c.cancel)
    fs = [a, b, c, f]
    done, pending = await asyncio.wait(fs)
    print('done', len(done), 'pending', len(pending))
    for name, x in zip('abcf', fs):
        print(name, x in done, outcome(x))

    d = asyncio.create_task(ok(0.01), name='d')
    done, pending = await asyncio.wait([d, d, d], return_when=asyncio.ALL_COMPLETED)
    print('duplicates: done', len(done), 'pending', len(pending), d in done)


asyncio.run(main())
