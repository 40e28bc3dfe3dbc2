"""eager_taskgroup: TaskGroup.create_task goes through the loop's task factory, so with eager tasks
a child's first step runs inside it; a child that finishes eagerly is done (and accounted for) at
once; a child that fails eagerly aborts the group right there: the other children are cancelled,
no child can be added any more, and the block is cancelled at its next await."""
# requires-python: 3.13
import asyncio


class Boom(Exception):
    pass


async def quick(name):
    print(name, 'runs')
    return name


async def once(name):
    print(name, 'step 1')
    await asyncio.sleep(0)
    print(name, 'step 2')
    return name


async def sleeper(name):
    print(name, 'sleeps')
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print(name, 'cancelled')
        raise


async def fails(name):
    print(name, 'raises')
    raise Boom(name)


async def main():
    me = asyncio.current_task()
    asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(quick('a'))
        print('a done?', a.done())
        b = tg.create_task(once('b'))
        print('b done?', b.done())
        print('block ends')
    print('group 1 done:', a.result(), b.result())

    try:
        async with asyncio.TaskGroup() as tg:
            s = tg.create_task(sleeper('s'))
            f = tg.create_task(fails('f'))
            print('f done?', f.done(), 's done?', s.done(), 'main cancelling', me.cancelling())
            try:
                tg.create_task(quick('late'))
            except RuntimeError:
                print('create_task after the failure -> RuntimeError')
            await asyncio.sleep(0)
            print('not reached')
    except* Boom as eg:
        print('caught', [repr(e) for e in eg.exceptions])
    print('s cancelled?', s.cancelled(), 'main cancelling', me.cancelling())


asyncio.run(main())
