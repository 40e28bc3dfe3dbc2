"""timeout_nested: nested asyncio.timeout blocks each report their own expiry. When the inner one
expires, the outer sees its TimeoutError as any exception and goes on; when the outer one expires
(alone, or in the same iteration as the inner one), the TimeoutError comes out of the outer block,
and the inner block does not swallow it."""
import asyncio


async def main():
    me = asyncio.current_task()
    loop = asyncio.get_running_loop()

    # the inner one expires
    outer = asyncio.timeout(10)
    async with outer:
        inner = asyncio.timeout(0.02)
        try:
            async with inner:
                await asyncio.sleep(1)
        except TimeoutError:
            print('1: inner TimeoutError; inner expired', inner.expired(),
                  'outer expired', outer.expired(), 'cancelling', me.cancelling())
        await asyncio.sleep(0.01)
        print('1: outer block goes on')
    print('1: outer expired', outer.expired())

    # the outer one expires
    outer = asyncio.timeout(0.02)
    try:
        async with outer:
            inner = asyncio.timeout(10)
            try:
                async with inner:
                    try:
                        await asyncio.sleep(1)
                    except asyncio.CancelledError:
                        print('2: body cancelled, cancelling', me.cancelling())
                        raise
            except TimeoutError:
                print('2: not reached: caught by the inner handler')
            print('2: not reached')
    except TimeoutError:
        print('2: outer TimeoutError; inner expired', inner.expired(),
              'outer expired', outer.expired(), 'cancelling', me.cancelling())

    # both expire in the same iteration
    outer = asyncio.timeout_at(loop.time() - 1)
    try:
        async with outer:
            inner = asyncio.timeout_at(loop.time() - 1)
            try:
                async with inner:
                    try:
                        await asyncio.sleep(1)
                    except asyncio.CancelledError:
                        print('3: body cancelled, cancelling', me.cancelling())
                        raise
            except TimeoutError:
                print('3: not reached: caught by the inner handler')
            print('3: not reached')
    except TimeoutError:
        print('3: outer TimeoutError; inner expired', inner.expired(),
              'outer expired', outer.expired(), 'cancelling', me.cancelling())

    # the inner one expires, then the outer one during the inner's handler
    outer = asyncio.timeout(0.05)
    try:
        async with outer:
            inner = asyncio.timeout(0.01)
            try:
                async with inner:
                    await asyncio.sleep(1)
            except TimeoutError:
                print('4: inner TimeoutError, cancelling', me.cancelling())
                await asyncio.sleep(1)
                print('4: not reached')
    except TimeoutError:
        print('4: outer TimeoutError; inner expired', inner.expired(),
              'outer expired', outer.expired(), 'cancelling', me.cancelling())
    await asyncio.sleep(0)
    print('main not cancelled')


asyncio.run(main())
