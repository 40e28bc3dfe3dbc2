"""shield_inner_raises: the shielded task's exception reaches the awaiter of the shield. If the
shield was cancelled first, the exception raised later stays unretrieved and the loop reports it;
if the task failed in the same iteration as the shield was cancelled, the shield marks the
exception retrieved and nothing is reported."""
import asyncio
import gc


class Boom(Exception):
    pass


REPORTS = []


def handler(loop, context):
    REPORTS.append(context.get('message') + ': ' + repr(context.get('exception')))


async def bad(name, delay):
    await asyncio.sleep(delay)
    print(name, 'raises')
    raise Boom(name)


async def main():
    asyncio.get_running_loop().set_exception_handler(handler)
    first = asyncio.create_task(bad('first', 0.01))
    try:
        await asyncio.shield(first)
    except Boom as e:
        print('awaiter caught', repr(e))

    later = asyncio.create_task(bad('later', 0.05))
    outer = asyncio.shield(later)
    outer.cancel()
    await asyncio.sleep(0.1)
    print('later done?', later.done(), 'outer cancelled?', outer.cancelled())

    same = asyncio.create_task(bad('same', 0))
    outer = asyncio.shield(same)
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print('same done?', same.done(), 'outer done?', outer.done())
    outer.cancel()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print('outer cancelled?', outer.cancelled())


asyncio.run(main())
gc.collect()
print('reports', sorted(REPORTS))
