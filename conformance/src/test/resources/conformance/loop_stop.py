"""loop_stop: stop() ends run_forever after the current iteration; what that iteration scheduled
waits for the next run. Called before run_forever, it makes the loop run one iteration."""
import asyncio


def cb(tag):
    print('callback', tag)


def schedules(loop, tag):
    print('callback', tag, 'schedules', tag + '+1')
    loop.call_soon(cb, tag + '+1')


loop = asyncio.new_event_loop()
loop.call_soon(schedules, loop, 'a')
loop.call_soon(loop.stop)
loop.call_soon(cb, 'b')
print('run_forever 1')
loop.run_forever()
print('run_forever 1 returned')
loop.stop()
loop.call_soon(cb, 'c')
print('run_forever 2')
loop.run_forever()
print('run_forever 2 returned')
print('run_until_complete returned', loop.run_until_complete(asyncio.sleep(0.01, 'slept')))
loop.close()
print('closed', loop.is_closed())
