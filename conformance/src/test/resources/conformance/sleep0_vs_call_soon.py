"""sleep0_vs_call_soon: sleep(0) yields exactly once; callbacks scheduled before it run first."""
import asyncio


def cb(tag):
    print('callback', tag)


async def stepper(name):
    loop = asyncio.get_running_loop()
    print(name, 'step 1')
    loop.call_soon(cb, name + '-a')
    await asyncio.sleep(0)
    print(name, 'step 2')
    loop.call_soon(cb, name + '-b')
    loop.call_soon(cb, name + '-c')
    await asyncio.sleep(0)
    print(name, 'step 3')


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(cb, 'main-before')
    x = asyncio.create_task(stepper('x'))
    y = asyncio.create_task(stepper('y'))
    loop.call_soon(cb, 'main-after')
    await x
    print('main resumed after x')
    loop.call_soon(cb, 'main-last')
    await asyncio.sleep(0)
    print('main after sleep(0)')
    await y
    print('main done')


asyncio.run(main())
