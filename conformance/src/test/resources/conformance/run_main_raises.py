"""run_main_raises: main raises; leftover tasks are cancelled first, then asyncio.run raises the
same exception; main's own cancellation raises CancelledError out of run."""
import asyncio


class Boom(Exception):
    pass


async def leftover():
    try:
        await asyncio.sleep(10)
    finally:
        print('leftover finally')


async def main():
    asyncio.create_task(leftover())
    await asyncio.sleep(0)
    print('main raises')
    raise Boom('main failed')


async def cancels_itself():
    asyncio.current_task().cancel('bye')
    await asyncio.sleep(0)


try:
    asyncio.run(main())
except Boom as e:
    print('run raised', repr(e))
try:
    asyncio.run(cancels_itself())
except asyncio.CancelledError as e:
    print('run raised', repr(e))
