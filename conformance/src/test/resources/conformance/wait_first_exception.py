"""wait_first_exception: asyncio.wait(return_when=FIRST_EXCEPTION) returns when a task raises, not
when one merely finishes; with no exception it waits for all of them. A cancelled task is not an
exception: it does not end the wait."""
import asyncio


class Boom(Exception):
    pass


async def ok(name, delay):
    await asyncio.sleep(delay)
    print(name, 'ok')
    return name


async def bad(name, delay):
    await asyncio.sleep(delay)
    print(name, 'raises')
    raise Boom(name)


def names(fs):
    return sorted(f.get_name() for f in fs)


async def main():
    loop = asyncio.get_running_loop()
    a = asyncio.create_task(ok('a', 0.02), name='a')
    b = asyncio.create_task(bad('b', 0.08), name='b')
    c = asyncio.create_task(ok('c', 0.5), name='c')
    done, pending = await asyncio.wait([a, b, c], return_when=asyncio.FIRST_EXCEPTION)
    print('done', names(done), 'pending', names(pending))
    print('b exception', repr(b.exception()), 'c cancelled?', c.cancelled())
    c.cancel()

    d = asyncio.create_task(ok('d', 0.02), name='d')
    e = asyncio.create_task(ok('e', 0.06), name='e')
    done, pending = await asyncio.wait([d, e], return_when=asyncio.FIRST_EXCEPTION)
    print('no exception: done', names(done), 'pending', names(pending))

    x = asyncio.create_task(ok('x', 1), name='x')
    y = asyncio.create_task(ok('y', 0.05), name='y')
    z = asyncio.create_task(bad('z', 0.12), name='z')
    w = asyncio.create_task(ok('w', 1), name='w')
    f = loop.create_future()
    loop.call_later(0.02, x.cancel)
    loop.call_later(0.03, f.cancel)
    done, pending = await asyncio.wait([x, y, z, w, f], return_when=asyncio.FIRST_EXCEPTION)
    print('done', names(d for d in done if d is not f), 'future done?', f in done,
          'pending', names(pending))
    print('x cancelled?', x.cancelled(), 'f cancelled?', f.cancelled(),
          'z exception', repr(z.exception()))
    w.cancel()
    done, pending = await asyncio.wait([c, w])
    print('cancelled', names(t for t in done if t.cancelled()), 'pending', names(pending))


asyncio.run(main())
