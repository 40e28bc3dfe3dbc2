"""taskgroup_all_succeed: the block ends first and the group then waits for every child, one added
by a child while the group waits in exit included; the results are there after the block; an empty
group exits at once; the task running the group is not left cancelled."""
import asyncio


async def work(name, delay, result):
    print(name, 'starts')
    await asyncio.sleep(delay)
    print(name, 'ends')
    return result


async def spawner(tg):
    await asyncio.sleep(0.01)
    print('spawner adds late')
    return tg.create_task(work('late', 0.01, 3))


async def main():
    me = asyncio.current_task()
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(work('a', 0.03, 1))
        b = tg.create_task(work('b', 0.01, 2), name='bee')
        print('block: a done?', a.done(), 'b name:', b.get_name())
        await asyncio.sleep(0)
        print('block ends, a done?', a.done(), 'b done?', b.done())
    print('after: a', a.result(), 'b', b.result(), 'cancelling', me.cancelling())

    async with asyncio.TaskGroup() as tg2:
        s = tg2.create_task(spawner(tg2))
        print('block2 ends')
    late = s.result()
    print('after2: late done?', late.done(), 'result', late.result())

    async with asyncio.TaskGroup() as tg3:
        print('empty block')
    print('after3 cancelling', me.cancelling())
    await asyncio.sleep(0)
    print('end')


asyncio.run(main())
