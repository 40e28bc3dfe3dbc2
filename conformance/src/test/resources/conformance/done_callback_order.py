"""done_callback_order: done callbacks run in registration order, scheduled (never inline)."""
import asyncio


def make_cb(tag):
    def cb(fut):
        if fut.cancelled():
            print(tag, 'sees cancelled')
        else:
            print(tag, 'sees', fut.result())
    return cb


async def sleeper():
    await asyncio.sleep(1)


async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    cb1, cb2, cb3 = make_cb('cb1'), make_cb('cb2'), make_cb('cb3')
    f.add_done_callback(cb1)
    f.add_done_callback(cb2)
    f.add_done_callback(cb3)
    f.add_done_callback(cb2)
    print('removed cb2:', f.remove_done_callback(cb2))
    print('removed cb2 again:', f.remove_done_callback(cb2))
    print('before set_result')
    f.set_result(7)
    print('after set_result')
    await asyncio.sleep(0)
    print('after sleep(0)')
    f.add_done_callback(make_cb('late'))
    print('added a callback to a done future')
    await asyncio.sleep(0)
    print('after second sleep(0)')

    t = asyncio.create_task(sleeper())
    t.add_done_callback(make_cb('tA'))
    t.add_done_callback(make_cb('tB'))
    await asyncio.sleep(0)
    print('cancel task:', t.cancel())
    print('after cancel')
    await asyncio.sleep(0)
    print('task done after one sleep(0)?', t.done())
    await asyncio.sleep(0)
    print('after two sleep(0)')


asyncio.run(main())
