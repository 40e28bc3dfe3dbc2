"""run_cleanup_leftover_raises: a leftover task that raises while being cancelled: asyncio.run
reports its exception to the loop's exception handler and still returns main's result."""
import asyncio


class Boom(Exception):
    pass


async def leftover():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print('leftover raises instead')
        raise Boom('in cleanup')


def handler(loop, context):
    print('handler got', repr(context.get('exception')))


async def main():
    asyncio.get_running_loop().set_exception_handler(handler)
    asyncio.create_task(leftover())
    await asyncio.sleep(0)
    print('main returns')
    return 1


print('run returned', asyncio.run(main()))
