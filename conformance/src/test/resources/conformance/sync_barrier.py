"""sync_barrier: three parties pass together with indices in arrival order, twice; abort() breaks
waiting and later tasks; reset() repairs it, and a reset with waiters breaks them."""
import asyncio


async def party(name, b):
    print(name, 'arrives, n_waiting', b.n_waiting)
    try:
        i = await b.wait()
    except asyncio.BrokenBarrierError as e:
        print(name, 'broken:', type(e).__name__)
        return -1
    print(name, 'passes, index', i)
    return i


async def main():
    b = asyncio.Barrier(3)
    print('parties', b.parties, 'n_waiting', b.n_waiting, 'broken', b.broken)
    for r in (1, 2):
        ts = [asyncio.create_task(party(f'r{r}p{i}', b)) for i in range(3)]
        res = await asyncio.gather(*ts)
        print('round', r, res, 'n_waiting', b.n_waiting, 'broken', b.broken)
    ts = [asyncio.create_task(party(f'x{i}', b)) for i in range(2)]
    await asyncio.sleep(0)
    print('before abort n_waiting', b.n_waiting)
    await b.abort()
    print('aborted, broken', b.broken)
    print('results', await asyncio.gather(*ts))
    print('late party', await party('late', b))
    await b.reset()
    print('reset, broken', b.broken, 'n_waiting', b.n_waiting)
    ts = [asyncio.create_task(party(f'y{i}', b)) for i in range(2)]
    await asyncio.sleep(0)
    await b.reset()
    print('reset with waiters, broken', b.broken)
    print('results', await asyncio.gather(*ts))
    ts = [asyncio.create_task(party(f'z{i}', b)) for i in range(3)]
    print('results', await asyncio.gather(*ts), 'broken', b.broken)


asyncio.run(main())
