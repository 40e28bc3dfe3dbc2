"""cancel_before_start: a task cancelled before it starts never runs its body."""
import asyncio


async def body():
    print('body ran')


async def main():
    t = asyncio.create_task(body())
    print('cancel:', t.cancel('early'))
    print('cancelled?', t.cancelled(), 'done?', t.done(), 'cancelling:', t.cancelling())
    try:
        await t
        print('not reached')
    except asyncio.CancelledError as e:
        print('main caught', repr(e), 'message:', e.args[0] if e.args else None)
    print('cancelled?', t.cancelled(), 'done?', t.done())
    u = asyncio.create_task(body())
    u.cancel()
    await asyncio.sleep(0)
    print('u cancelled?', u.cancelled())
    try:
        await u
    except asyncio.CancelledError as e:
        print('main caught', repr(e), 'message:', e.args[0] if e.args else None)


asyncio.run(main())
