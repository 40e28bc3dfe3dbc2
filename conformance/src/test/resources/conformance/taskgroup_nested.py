# requires-python: 3.13
"""taskgroup_nested: nested groups where children fail. When the inner group's child and the outer
group's child fail together, each group catches its own failure and the task's cancelling() count
goes 0, 1, 0 and no cancellation is left over (CPython gh-116720; 3.11 leaves one, and the next
await raises CancelledError). An outer child failing first cancels the inner group, which does not
report it; an inner failure is nested in the outer group; a cancellation from outside meets
children that fail in their finally blocks: ExceptionGroup of ExceptionGroup."""
import asyncio


class Boom(Exception):
    pass


class Oops(Exception):
    pass


async def raise_after(delay, exc):
    await asyncio.sleep(delay)
    print('raising', repr(exc))
    raise exc


async def fail_in_finally():
    try:
        await asyncio.sleep(1)
    finally:
        raise Boom('finally')


async def both_fail():
    me = asyncio.current_task()
    print('before both, cancelling', me.cancelling())
    try:
        async with asyncio.TaskGroup() as outer:
            try:
                async with asyncio.TaskGroup() as inner:
                    inner.create_task(raise_after(0, Boom('inner')))
                    outer.create_task(raise_after(0, Oops('outer')))
                print('not reached')
            except ExceptionGroup as eg:
                print('inner group raised', repr(eg), 'cancelling', me.cancelling())
            print('after inner, cancelling', me.cancelling())
    except ExceptionGroup as eg:
        print('outer group raised', repr(eg), 'cancelling', me.cancelling())
    print('after outer, cancelling', me.cancelling())
    await asyncio.sleep(0)
    print('next await fine')


async def outer_child_first():
    me = asyncio.current_task()
    try:
        async with asyncio.TaskGroup() as g1:
            g1.create_task(raise_after(0.01, Boom('outer child')))
            try:
                async with asyncio.TaskGroup() as g2:
                    g2.create_task(raise_after(1, Oops('never')))
            except asyncio.CancelledError as e:
                print('inner group raised', repr(e), 'cancelling', me.cancelling())
                raise
    except ExceptionGroup as eg:
        print('outer group raised', repr(eg), 'cancelling', me.cancelling())
    await asyncio.sleep(0)
    print('next await fine')


async def inner_child_first():
    me = asyncio.current_task()
    try:
        async with asyncio.TaskGroup() as g1:
            g1.create_task(raise_after(1, Oops('never')))
            try:
                async with asyncio.TaskGroup() as g2:
                    g2.create_task(raise_after(0.01, Boom('inner child')))
            except ExceptionGroup as eg:
                print('inner group raised', repr(eg), 'cancelling', me.cancelling())
                raise
    except ExceptionGroup as eg:
        print('outer group raised', repr(eg), 'cancelling', me.cancelling())
    await asyncio.sleep(0)
    print('next await fine')


async def runner():
    me = asyncio.current_task()
    try:
        async with asyncio.TaskGroup() as g1:
            g1.create_task(asyncio.sleep(1))
            try:
                async with asyncio.TaskGroup() as g2:
                    for _ in range(2):
                        g2.create_task(fail_in_finally())
                    await asyncio.sleep(1)
            except ExceptionGroup as eg:
                print('inner group raised', repr(eg), 'cancelling', me.cancelling())
                raise
    except ExceptionGroup as eg:
        print('outer group raised', repr(eg), 'cancelling', me.cancelling())
        raise


async def main():
    print('-- both groups fail together')
    await both_fail()
    print('-- the outer child fails first')
    await outer_child_first()
    print('-- the inner child fails first')
    await inner_child_first()
    print('-- cancelled from outside, children fail in finally')
    r = asyncio.create_task(runner())
    await asyncio.sleep(0.01)
    r.cancel()
    try:
        await r
    except ExceptionGroup as eg:
        print('main caught', repr(eg))
    print('r cancelled?', r.cancelled(), 'cancelling', r.cancelling())


asyncio.run(main())
