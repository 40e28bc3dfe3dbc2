"""cancelled_task_result_repeated: the CancelledError of a task cancelled with a message.

The first one to ask gets the very error the task's body raised (with the message); the task
keeps no message itself (it ends with Future.cancel() without one), so every later result() or
exception() raises a new CancelledError() without a message.
"""
import asyncio


async def sleeper():
    await asyncio.sleep(1)


async def main():
    t = asyncio.create_task(sleeper())
    await asyncio.sleep(0)
    t.cancel('stop')
    try:
        await t
    except asyncio.CancelledError as e:
        print('await t raised', repr(e))
    try:
        t.result()
    except asyncio.CancelledError as e:
        print('t.result() raised', repr(e))
    try:
        t.exception()
    except asyncio.CancelledError as e:
        print('t.exception() raised', repr(e))


asyncio.run(main())
