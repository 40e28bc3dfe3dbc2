"""gather_empty: gather() of nothing returns [] without suspending."""
import asyncio


async def other():
    print('x ran')


async def main():
    x = asyncio.create_task(other())
    r = await asyncio.gather()
    print('gather() returned', r)
    print('x done?', x.done())
    r = await asyncio.gather(return_exceptions=True)
    print('gather(return_exceptions=True) returned', r)
    print('x done?', x.done())
    await x
    print('x done?', x.done())


asyncio.run(main())
