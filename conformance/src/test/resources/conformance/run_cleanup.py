"""run_cleanup: when main returns, asyncio.run cancels the leftover task (its except and finally
run), then returns main's result. A task created in main's last step still gets its first step
before the cleanup: run_until_complete's stop callback is queued after it."""
import asyncio


async def leftover():
    try:
        print('leftover sleeps')
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        print('leftover cancelled', repr(e))
        raise
    finally:
        print('leftover finally')


async def last_minute():
    print('last_minute ran')


async def main(holder):
    asyncio.create_task(leftover())
    await asyncio.sleep(0)
    holder.append(asyncio.create_task(last_minute()))
    print('main returns')
    return 42


holder = []
print('run returned', asyncio.run(main(holder)))
print('last_minute cancelled?', holder[0].cancelled())
