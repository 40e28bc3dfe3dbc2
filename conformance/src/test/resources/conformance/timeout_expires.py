"""timeout_expires: asyncio.timeout cancels the block at its deadline; the block sees a
CancelledError (and cancelling() == 1), its finally runs, and the error comes out of the block as
TimeoutError (cause: the CancelledError), with expired() true and the task no longer cancelling. A
block that ends in time is left alone."""
import asyncio


async def main():
    me = asyncio.current_task()
    cm = asyncio.timeout(0.05)
    print(repr(cm), 'expired', cm.expired())
    try:
        async with cm:
            print('entered, expired', cm.expired(), 'cancelling', me.cancelling())
            try:
                await asyncio.sleep(1)
                print('not reached')
            except asyncio.CancelledError as e:
                print('block caught', repr(e), 'expired', cm.expired(),
                      'cancelling', me.cancelling())
                raise
            finally:
                print('block finally')
        print('not reached')
    except TimeoutError as e:
        print('caught TimeoutError, cause', type(e.__cause__).__name__)
    print(repr(cm), 'expired', cm.expired(), 'cancelling', me.cancelling())

    cm2 = asyncio.timeout(1)
    async with cm2:
        await asyncio.sleep(0.01)
        result = 'block result'
    print(result, repr(cm2), 'expired', cm2.expired())
    await asyncio.sleep(0.01)
    print('main not cancelled')


asyncio.run(main())
