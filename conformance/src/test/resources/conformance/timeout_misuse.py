"""timeout_misuse: RuntimeError for rescheduling a timeout before it is entered, while it expires,
or after its block ended; for entering one twice (even while it is active); and for creating one
with no running loop."""
import asyncio


def try_reschedule(label, cm, when):
    try:
        cm.reschedule(when)
        print(label, 'rescheduled')
    except RuntimeError as e:
        print(label, type(e).__name__, repr(cm))


async def main():
    loop = asyncio.get_running_loop()
    cm = asyncio.timeout(1)
    try_reschedule('before entering:', cm, loop.time() + 5)
    async with cm:
        try_reschedule('inside:', cm, loop.time() + 2)
    try_reschedule('after exit:', cm, loop.time() + 5)
    active = asyncio.timeout(1)
    try:
        async with active:
            async with active:
                print('not reached')
    except RuntimeError as e:
        print('entering while active:', type(e).__name__, repr(active))
    try:
        async with cm:
            print('not reached')
    except RuntimeError as e:
        print('entering again:', type(e).__name__, repr(cm))

    cm2 = asyncio.timeout(0.01)
    try:
        async with cm2:
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                try_reschedule('while expiring:', cm2, loop.time() + 5)
                raise
    except TimeoutError:
        print('TimeoutError')
    try_reschedule('after expiry:', cm2, None)
    try:
        async with cm2:
            print('not reached')
    except RuntimeError as e:
        print('entering an expired one:', type(e).__name__)


try:
    asyncio.timeout(1)
except RuntimeError as e:
    print('no running loop:', type(e).__name__)
asyncio.run(main())
