"""gather_return_exceptions_cancel_message: a child task cancelled with a message while it slept.

CPython 3.11 builds the stand-in CancelledError from the child's _cancel_message, which a task
resets to None when it finishes cancelled: the message is lost and the stand-in is CancelledError('').
"""
import asyncio


async def sleeper():
    await asyncio.sleep(1)


async def main():
    t = asyncio.create_task(sleeper(), name='t')
    await asyncio.sleep(0)
    t.cancel('stop')
    results = await asyncio.gather(t, return_exceptions=True)
    print('results', results)
    try:
        t.result()
    except asyncio.CancelledError as e:
        print('t.result() raised', repr(e))


asyncio.run(main())
