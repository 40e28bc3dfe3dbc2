# requires-python: 3.13
"""io_subprocess: child processes with pipes. communicate() feeds stdin and collects stdout and
stderr; the exit code comes back from wait(), also after a signal (-15 after terminate); stdout
read line by line while the child runs; stderr merged into stdout; two children run at once
under gather, results in gather's order."""
import asyncio
from asyncio.subprocess import PIPE, STDOUT


async def main():
    p = await asyncio.create_subprocess_exec(
        'sh', '-c', 'tr a-z A-Z; echo oops >&2; exit 3', stdin=PIPE, stdout=PIPE, stderr=PIPE)
    out, err = await p.communicate(b'hello\n')
    print('communicate:', out, err, 'returncode', p.returncode)

    p = await asyncio.create_subprocess_exec(
        'sh', '-c', 'for i in 1 2 3; do echo line $i; done', stdout=PIPE)
    async for line in p.stdout:
        print('read', line)
    print('wait:', await p.wait())

    p = await asyncio.create_subprocess_exec(
        'sh', '-c', 'echo out; echo err >&2', stdout=PIPE, stderr=STDOUT)
    out, err = await p.communicate()
    print('merged:', sorted(out.split()), 'stderr', err)

    p = await asyncio.create_subprocess_exec('sleep', '30')
    print('returncode before:', p.returncode)
    p.terminate()
    print('after terminate:', await p.wait())

    async def child(text, delay):
        q = await asyncio.create_subprocess_exec(
            'sh', '-c', f'sleep {delay}; echo {text}', stdout=PIPE)
        out, _ = await q.communicate()
        return out.strip()

    print('gather:', await asyncio.gather(child('slow', 0.2), child('fast', 0.01)))


asyncio.run(main())
