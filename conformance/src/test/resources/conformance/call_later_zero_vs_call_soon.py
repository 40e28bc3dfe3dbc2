"""call_later_zero_vs_call_soon: a due timer joins the ready queue after what is already there."""
import asyncio


def cb(tag):
    print('callback', tag)


def mixed(loop):
    print('callback mixed schedules')
    loop.call_later(0, cb, 'mixed later(0)')
    loop.call_soon(cb, 'mixed soon')


async def main():
    loop = asyncio.get_running_loop()
    loop.call_later(0, cb, 'later(0)')
    loop.call_soon(cb, 'soon 1')
    loop.call_later(-1, cb, 'later(-1)')
    loop.call_soon(cb, 'soon 2')
    loop.call_soon(mixed, loop)
    await asyncio.sleep(0)
    print('main after sleep(0)')
    await asyncio.sleep(0)
    print('main after second sleep(0)')
    await asyncio.sleep(0.01)
    print('main done')


asyncio.run(main())
