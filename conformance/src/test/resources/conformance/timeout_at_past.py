"""timeout_at_past: a deadline in the past (timeout_at before now, timeout(0), timeout(-1)) expires
at the next loop iteration: a block without an await point ends untouched, one with an await point
gets TimeoutError. timeout_at(None) never expires."""
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    makers = [('timeout_at(now - 1)', lambda: asyncio.timeout_at(loop.time() - 1)),
              ('timeout(0)', lambda: asyncio.timeout(0)),
              ('timeout(-1)', lambda: asyncio.timeout(-1))]
    for name, make in makers:
        cm = make()
        async with cm:
            pass
        print(name, 'no await: ended, expired', cm.expired())
        cm = make()
        try:
            async with cm:
                await asyncio.sleep(0)
                print('not reached')
        except TimeoutError:
            print(name, 'sleep(0): TimeoutError, expired', cm.expired())
    cm = asyncio.timeout_at(None)
    async with cm:
        print('when', cm.when())
        await asyncio.sleep(0.02)
    print('timeout_at(None): ended, expired', cm.expired())


asyncio.run(main())
