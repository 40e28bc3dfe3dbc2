"""wait_empty: asyncio.wait of no futures raises ValueError at once, with or without a timeout."""
import asyncio


async def main():
    for kwargs in ({}, {'timeout': 1}, {'return_when': asyncio.FIRST_COMPLETED}):
        try:
            await asyncio.wait([], **kwargs)
            print('not reached')
        except ValueError as e:
            print('wait([])', sorted(kwargs), 'raised', type(e).__name__)
    try:
        await asyncio.wait(set(), timeout=0)
    except ValueError as e:
        print('wait(set()) raised', type(e).__name__)
    print('end')


asyncio.run(main())
