"""callback_order: call_soon FIFO, timers in deadline order, call_at, cancelled handles never run,
and a callback's own call_soon runs in the next iteration."""
import asyncio


def cb(tag):
    print('callback', tag)


def chain(loop, tag):
    print('callback', tag, 'schedules', tag + '+1')
    loop.call_soon(cb, tag + '+1')


async def main():
    loop = asyncio.get_running_loop()
    loop.call_later(0.03, cb, 'later 0.03')
    loop.call_later(0.01, cb, 'later 0.01')
    loop.call_at(loop.time() + 0.02, cb, 'at +0.02')
    t = loop.call_later(0.015, cb, 'cancelled timer')
    loop.call_soon(cb, 'soon a')
    loop.call_soon(chain, loop, 'soon b')
    h = loop.call_soon(cb, 'cancelled soon')
    loop.call_soon(cb, 'soon c')
    h.cancel()
    t.cancel()
    print('handles cancelled?', h.cancelled(), t.cancelled())
    print('main sleeps')
    await asyncio.sleep(0)
    print('main after sleep(0)')
    await asyncio.sleep(0.05)
    print('main done')


asyncio.run(main())
