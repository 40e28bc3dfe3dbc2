"""callback_exception_handler: an exception in a callback goes to the loop's exception handler and
the loop goes on."""
import asyncio


class Boom(Exception):
    pass


def bad():
    print('bad runs')
    raise Boom('in callback')


def good():
    print('good runs')


def handler(loop, context):
    print('handler got', repr(context.get('exception')))


async def main():
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(handler)
    loop.call_soon(bad)
    loop.call_soon(good)
    await asyncio.sleep(0)
    print('main after sleep(0)')
    await asyncio.sleep(0)
    print('main done')


asyncio.run(main())
