#!/usr/bin/env python3
"""The benchmark workloads in CPython asyncio (optionally on uvloop's event loop).

The same program as io.jasyncio.bench.JasyncioWorkloads; see Workload.java for what each
workload measures. Usage:

    python3 asyncio_workloads.py [--uvloop] WORKLOAD N [DEPTH]

WORKLOAD is w1..w5 (any case); N may contain underscores (1_000_000). Prints exactly one line,
``RESULT seconds=S ops=N impl=asyncio|uvloop``; S is the wall time of asyncio.run(...), the
whole run with its tasks created and gathered. On a failed check prints to stderr and exits 3.
Works with Python >= 3.8.
"""

import asyncio
import sys
import time

SUSPENSIONS = 10  # how many times each W4 task suspends at the bottom of its recursion


async def switches(n):
    """W1: two tasks ping-pong through sleep(0); n switches in all."""
    each = n // 2

    async def player():
        for _ in range(each):
            await asyncio.sleep(0)

    await asyncio.gather(asyncio.create_task(player()), asyncio.create_task(player()))
    return 2 * each


async def lesson(n):
    """W2: the lesson scaled: n tasks each sleep 1 s, then count; all gathered."""
    count = 0

    async def sleeper():
        nonlocal count
        await asyncio.sleep(1)
        count += 1

    tasks = [asyncio.create_task(sleeper()) for _ in range(n)]
    await asyncio.gather(*tasks)
    return check(count, n)


async def spawn(n):
    """W3: create and gather n tasks that return at once."""

    async def value(i):
        return i

    tasks = [asyncio.create_task(value(i)) for i in range(n)]
    results = await asyncio.gather(*tasks)
    return check(len(results), n)


async def recurse(depth):
    if depth == 0:
        for _ in range(SUSPENSIONS):
            await asyncio.sleep(0)
        return 0
    return await recurse(depth - 1) + 1


async def queue(n):
    """W5: a producer and a consumer through an asyncio.Queue bounded at 64; n items."""
    q = asyncio.Queue(maxsize=64)
    received = 0

    async def producer():
        for i in range(n):
            await q.put(i)

    async def consumer():
        nonlocal received
        for _ in range(n):
            await q.get()
            received += 1

    await asyncio.gather(producer(), consumer())
    return check(received, n)


async def deep(n, depth):
    """W4: n tasks that each recurse to depth, then suspend 10 times there."""
    tasks = [asyncio.create_task(recurse(depth)) for _ in range(n)]
    await asyncio.gather(*tasks)
    return SUSPENSIONS * n


def check(got, expected):
    if got != expected:
        print("CHECK FAILED: counted %d, expected %d" % (got, expected), file=sys.stderr)
        sys.exit(3)
    return got


def usage():
    print("usage: asyncio_workloads.py [--uvloop] WORKLOAD N [DEPTH], e.g. w1 1000000",
          file=sys.stderr)
    sys.exit(2)


def main(argv):
    use_uvloop = "--uvloop" in argv
    args = [a for a in argv if a != "--uvloop"]
    if len(args) < 2:
        usage()
    workload = args[0].lower()
    n = int(args[1].replace("_", ""))
    depth = int(args[2]) if len(args) > 2 else 0
    if depth >= sys.getrecursionlimit() - 100:
        # awaiting a coroutine nests C frames like a call; leave room for the loop's own frames
        sys.setrecursionlimit(depth + 1000)
    workloads = {
        "w1": lambda n: switches(n),
        "w2": lambda n: lesson(n),
        "w3": lambda n: spawn(n),
        "w4": lambda n: deep(n, depth),
        "w5": lambda n: queue(n),
    }
    if workload not in workloads:
        usage()

    if use_uvloop:
        try:
            import uvloop
        except ImportError:
            print("--uvloop: uvloop is not installed for %s" % sys.executable, file=sys.stderr)
            sys.exit(2)

        if hasattr(uvloop, "run"):  # uvloop >= 0.18
            runner = uvloop.run
        else:
            uvloop.install()
            runner = asyncio.run
        impl = "uvloop"
    else:
        runner = asyncio.run
        impl = "asyncio"

    if workload != "w2":
        # warm-up, as every peer does: the same program at a tenth of the size, untimed
        runner(workloads[workload](max(1, n // 10)))
    coro = workloads[workload](n)
    t0 = time.perf_counter()
    ops = runner(coro)
    seconds = time.perf_counter() - t0
    print("RESULT seconds=%.6f ops=%d impl=%s" % (seconds, ops, impl))


if __name__ == "__main__":
    main(sys.argv[1:])
