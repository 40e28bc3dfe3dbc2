"""wait_first_completed: asyncio.wait(return_when=FIRST_COMPLETED) returns as soon as one task is
done; the others stay pending and keep running (nothing is cancelled). Tasks that finish in the
same loop iteration all come back done together."""
import asyncio


async def work(name, delay):
    await asyncio.sleep(delay)
    print(name, 'finishes')
    return name


async def hop(name):
    await asyncio.sleep(0)
    print(name, 'finishes')
    return name


def names(fs):
    return sorted(f.get_name() for f in fs)


async def main():
    ts = [asyncio.create_task(work(n, d), name=n)
          for n, d in (('slow', 0.3), ('fast', 0.02), ('mid', 0.15))]
    pending = ts
    while pending:
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        print('done', names(done), 'pending', names(pending))
        print('pending cancelled?', [t.cancelled() for t in ts if t in pending])
        print('results', sorted(t.result() for t in done))

    a = asyncio.create_task(hop('a'), name='a')
    b = asyncio.create_task(hop('b'), name='b')
    c = asyncio.create_task(work('c', 0.1), name='c')
    done, pending = await asyncio.wait([a, b, c], return_when=asyncio.FIRST_COMPLETED)
    print('done', names(done), 'pending', names(pending))
    await c
    print('end')


asyncio.run(main())
