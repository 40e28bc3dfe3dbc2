"""cancel_return_values: cancel() is False on a done task, True on a pending one, True again."""
import asyncio


async def quick():
    return 1


async def slow():
    await asyncio.sleep(1)


async def main():
    loop = asyncio.get_running_loop()
    done = asyncio.create_task(quick())
    await done
    print('cancel done task:', done.cancel(), 'cancelling:', done.cancelling())
    p = asyncio.create_task(slow())
    print('cancel pending task:', p.cancel(), 'cancelling:', p.cancelling())
    print('cancel again before it runs:', p.cancel(), 'cancelling:', p.cancelling())
    print('done?', p.done(), 'cancelled?', p.cancelled())
    try:
        await p
    except asyncio.CancelledError as e:
        print('main caught', repr(e))
    print('cancel cancelled task:', p.cancel(), 'cancelling:', p.cancelling())
    f = loop.create_future()
    print('cancel pending future:', f.cancel(), 'again:', f.cancel(), 'cancelled?', f.cancelled())
    g = loop.create_future()
    g.set_result(5)
    print('cancel done future:', g.cancel(), 'result:', g.result())


asyncio.run(main())
