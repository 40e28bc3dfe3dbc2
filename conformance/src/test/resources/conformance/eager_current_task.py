"""eager_current_task: during an eager first step current_task() is the new task (not its
creator) and all_tasks() holds it; afterwards the creator is current again, also when the creator
is a callback (no current task). A task that finished eagerly is not in all_tasks(). On a loop
that is not running, the eager factory schedules the task as usual."""
# requires-python: 3.13
import asyncio


def names(tasks):
    return sorted(t.get_name() for t in tasks)


async def body(seen, awaits):
    me = asyncio.current_task()
    seen.append(me)
    # Names are not printed here: with a task factory, CPython 3.13 names the task after this step.
    print('  body: in all_tasks?', me in asyncio.all_tasks(), 'count', len(asyncio.all_tasks()))
    if awaits:
        await asyncio.sleep(0)
        print('  body resumed; current is the same task?', asyncio.current_task() is me)
    return 'ok'


def from_callback(seen, done):
    print('callback: current task', asyncio.current_task())
    t = asyncio.get_running_loop().create_task(body(seen, True), name='from-callback')
    print('callback: eager step ran inside?', len(seen) == 1 and seen[0] is t,
          'current task again', asyncio.current_task())
    done.set_result(t)


async def main():
    loop = asyncio.get_running_loop()
    me = asyncio.current_task()
    me.set_name('main')
    loop.set_task_factory(asyncio.eager_task_factory)

    seen = []
    print('main: create quick')
    q = loop.create_task(body(seen, False), name='quick')
    print('main: the body saw the new task?', seen[0] is q, 'the creator?', seen[0] is me)
    print('main: current is main again?', asyncio.current_task() is me)
    print('main: quick done?', q.done(), 'all_tasks:', names(asyncio.all_tasks()))

    seen = []
    print('main: create slow')
    s = asyncio.create_task(body(seen, True), name='slow')
    print('main: the body saw the new task?', seen[0] is s, 'the creator?', seen[0] is me)
    print('main: current is main again?', asyncio.current_task() is me)
    print('main: slow done?', s.done(), 'all_tasks:', names(asyncio.all_tasks()))
    await s

    seen = []
    done = loop.create_future()
    loop.call_soon(from_callback, seen, done)
    t = await done
    await t
    print('main: from-callback result', t.result())


print('loop not running:')
loop = asyncio.new_event_loop()
loop.set_task_factory(asyncio.eager_task_factory)
seen = []
t = loop.create_task(body(seen, False), name='not-running')
print('created; body ran?', len(seen) == 1, 'done?', t.done())
print('result', loop.run_until_complete(t), 'body ran?', len(seen) == 1)
loop.close()
print('running:')
asyncio.run(main())
