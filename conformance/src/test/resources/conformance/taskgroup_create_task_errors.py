"""taskgroup_create_task_errors: create_task before the group is entered ('has not been entered'),
after it exited ('is finished', also after a failure), while it shuts down after a failure, from a
cancelled child or from the block ('is shutting down'); entering a group a second time, while it
runs or after ('has already been entered'). Each is a RuntimeError, and the rejected coroutine
never runs."""
import asyncio


class Boom(Exception):
    pass


async def work(name):
    print(name, 'ran')
    return name


async def crasher():
    await asyncio.sleep(0)
    raise Boom('crash')


async def main():
    tg = asyncio.TaskGroup()
    try:
        tg.create_task(work('w0'))
    except RuntimeError as e:
        print('before entering:', type(e).__name__, 'has not been entered' in str(e))
    async with tg:
        t = tg.create_task(work('w1'))
        try:
            async with tg:
                print('not reached')
        except RuntimeError as e:
            print('entering while inside:', type(e).__name__,
                  'has already been entered' in str(e))
    print('w1 result', t.result())
    try:
        tg.create_task(work('w2'))
    except RuntimeError as e:
        print('after exit:', type(e).__name__, 'is finished' in str(e))
    try:
        async with tg:
            print('not reached')
    except RuntimeError as e:
        print('entering again:', type(e).__name__, 'has already been entered' in str(e))

    tg2 = asyncio.TaskGroup()

    async def adds_when_cancelled():
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:
            try:
                tg2.create_task(work('w3'))
            except RuntimeError as e:
                print('from a cancelled child:', type(e).__name__,
                      'is shutting down' in str(e))
            raise

    try:
        async with tg2:
            tg2.create_task(adds_when_cancelled())
            tg2.create_task(crasher())
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                try:
                    tg2.create_task(work('w4'))
                except RuntimeError as e:
                    print('from the block:', type(e).__name__, 'is shutting down' in str(e))
                raise
    except ExceptionGroup as eg:
        print('caught', repr(eg))
    try:
        tg2.create_task(work('w5'))
    except RuntimeError as e:
        print('after a failed exit:', type(e).__name__, 'is finished' in str(e))
    await asyncio.sleep(0)
    print('end')


asyncio.run(main())
