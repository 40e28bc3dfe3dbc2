"""wait_already_done: asyncio.wait learns of futures through their done callbacks, so even when
every future is done already it yields to the loop once (a task created before it runs meanwhile);
with FIRST_COMPLETED or FIRST_EXCEPTION one done future is enough."""
import asyncio


class Boom(Exception):
    pass


async def value(v):
    return v


async def fail():
    raise Boom('early')


async def say(text):
    print(text)


def names(fs):
    return sorted(f.get_name() for f in fs)


async def main():
    d = asyncio.create_task(value('D'), name='d')
    e = asyncio.create_task(fail(), name='e')
    await asyncio.sleep(0)
    print('d done?', d.done(), 'e done?', e.done())
    other = asyncio.create_task(say('other runs'))
    print('before wait')
    done, pending = await asyncio.wait([d])
    print('after wait: done', names(done), 'pending', names(pending), 'other done?', other.done())

    slow = asyncio.create_task(asyncio.sleep(0.2), name='slow')
    done, pending = await asyncio.wait([slow, d], return_when=asyncio.FIRST_COMPLETED)
    print('first completed: done', names(done), 'pending', names(pending))
    done, pending = await asyncio.wait([slow, e], return_when=asyncio.FIRST_EXCEPTION)
    print('first exception: done', names(done), 'pending', names(pending), repr(e.exception()))
    done, pending = await asyncio.wait([slow, d], timeout=0.01)
    print('timeout: done', names(done), 'pending', names(pending))
    slow.cancel()
    done, pending = await asyncio.wait([slow])
    print('slow cancelled?', slow.cancelled())


asyncio.run(main())
