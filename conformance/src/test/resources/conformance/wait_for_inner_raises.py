"""wait_for_inner_raises: an exception of the inner awaitable comes out of wait_for unchanged, both
before the timeout and when the inner turns the timeout's cancellation into an exception of its
own (that exception, not TimeoutError)."""
import asyncio


class Boom(Exception):
    pass


async def fails(name):
    await asyncio.sleep(0.01)
    raise Boom(name)


async def fails_on_cancel(name):
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print(name, 'turns the cancellation into Boom')
        raise Boom(name + ' cleanup failed')


async def main():
    me = asyncio.current_task()
    for aw in (fails('coro'), asyncio.create_task(fails('task')),
               fails_on_cancel('coro'), asyncio.create_task(fails_on_cancel('task'))):
        try:
            await asyncio.wait_for(aw, 0.05)
            print('not reached')
        except Boom as e:
            print('caught', repr(e), 'cancelling', me.cancelling())
        except TimeoutError:
            print('caught TimeoutError')
    await asyncio.sleep(0.01)
    print('end')


asyncio.run(main())
