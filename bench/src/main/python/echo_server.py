#!/usr/bin/env python3
"""E1 echo server in CPython asyncio (optionally on uvloop's event loop).

Usage:

    python3 echo_server.py [--uvloop] streams|protocol PORT

Listens on 127.0.0.1:PORT (0: any free port) and prints ``READY <port>`` once listening; then
echoes every connection until it is killed. ``streams`` is the asyncio.start_server echo a user
writes first (read(65536), write, drain); ``protocol`` is the low-level one (data_received ->
transport.write). The same two programs as io.jasyncio.bench.echo.JasyncioEcho. Works with
Python >= 3.8.
"""

import asyncio
import sys


class EchoProtocol(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.transport.write(data)


async def echo(reader, writer):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass  # the load generator went away
    finally:
        writer.close()


async def serve(mode, port):
    if mode == "streams":
        server = await asyncio.start_server(echo, "127.0.0.1", port)
    else:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(EchoProtocol, "127.0.0.1", port)
    print("READY", server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


def main(argv):
    use_uvloop = "--uvloop" in argv
    args = [a for a in argv if a != "--uvloop"]
    if len(args) != 2 or args[0] not in ("streams", "protocol"):
        print(__doc__, file=sys.stderr)
        return 2
    coro = serve(args[0], int(args[1]))
    if use_uvloop:
        import uvloop

        if hasattr(uvloop, "run"):  # uvloop >= 0.18
            uvloop.run(coro)
        else:
            uvloop.install()
            asyncio.run(coro)
    else:
        asyncio.run(coro)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
