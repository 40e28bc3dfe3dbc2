"""cancel_swallowed: a task that catches CancelledError and goes on finishes normally."""
import asyncio


async def stubborn():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError as e:
        print('stubborn swallowed', repr(e))
    await asyncio.sleep(0.01)
    print('stubborn goes on')
    return 'finished anyway'


async def main():
    t = asyncio.create_task(stubborn())
    await asyncio.sleep(0.005)
    print('cancel:', t.cancel('please'))
    print('main got', await t)
    print('cancelled?', t.cancelled(), 'cancelling:', t.cancelling(), 'result:', t.result())
    print('cancel after done:', t.cancel(), 'cancelling:', t.cancelling())


asyncio.run(main())
