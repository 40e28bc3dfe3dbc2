#!/usr/bin/env python3
"""E3 HTTP/1.1 keep-alive server in CPython asyncio (optionally on uvloop's event loop).

Usage:

    python3 http_server.py [--uvloop] streams|httptools PORT

Listens on 127.0.0.1:PORT (0: any free port) and prints ``READY <port>`` once listening; then
answers every GET with the same 13-byte "Hello, World!" response as the Java servers
(io.jasyncio.bench.echo.HttpRequests) until it is killed. ``streams`` is what a user writes with
asyncio.start_server and a small hand-written parser (readuntil the empty line, the same rules
as the Java side); ``httptools`` is a Protocol driving httptools' C parser (llhttp), uvloop's own
HTTP benchmark shape. Works with Python >= 3.8.
"""

import asyncio
import sys

BODY = b"Hello, World!"
RESPONSE = (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n"
            % len(BODY)) + BODY
RESPONSE_CLOSE = (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n"
                  b"Connection: close\r\n\r\n" % len(BODY)) + BODY
BAD_REQUEST = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


def parse_head(head):
    """(keep_alive, content_length) of a request head ending in an empty line; ValueError if bad."""
    lines = head[:-4].split(b"\r\n")
    parts = lines[0].split(b" ")
    if len(parts) != 3 or not parts[0] or not parts[1]:
        raise ValueError("malformed request line")
    if parts[2] == b"HTTP/1.1":
        keep_alive = True
    elif parts[2] == b"HTTP/1.0":
        keep_alive = False
    else:
        raise ValueError("unsupported version")
    length = 0
    for line in lines[1:]:
        name, sep, value = line.partition(b":")
        if not sep or not name:
            raise ValueError("malformed header line")
        name = name.lower()
        value = value.strip(b" \t")
        if name == b"content-length":
            if not value.isdigit() or len(value) > 12:
                raise ValueError("bad Content-Length")
            length = int(value)
        elif name == b"connection":
            v = value.lower()
            if v == b"close":
                keep_alive = False
            elif v == b"keep-alive":
                keep_alive = True
        elif name == b"transfer-encoding":
            raise ValueError("Transfer-Encoding is not supported")
    return keep_alive, length


async def serve_streams(reader, writer):
    try:
        while True:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except asyncio.IncompleteReadError:
                break
            except asyncio.LimitOverrunError:
                writer.write(BAD_REQUEST)
                break
            try:
                keep_alive, length = parse_head(head)
            except ValueError:
                writer.write(BAD_REQUEST)
                break
            while length > 0:
                n = min(length, 65536)
                await reader.readexactly(n)
                length -= n
            writer.write(RESPONSE if keep_alive else RESPONSE_CLOSE)
            await writer.drain()
            if not keep_alive:
                break
    except ConnectionError:
        pass  # the load generator went away
    finally:
        writer.close()


class HttptoolsProtocol(asyncio.Protocol):
    def __init__(self):
        import httptools

        self.parser = httptools.HttpRequestParser(self)
        self.error = httptools.HttpParserError
        self.transport = None

    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        try:
            self.parser.feed_data(data)
        except self.error:
            self.transport.write(BAD_REQUEST)
            self.transport.close()

    def on_message_complete(self):
        if self.parser.should_keep_alive():
            self.transport.write(RESPONSE)
        else:
            self.transport.write(RESPONSE_CLOSE)
            self.transport.close()


async def serve(mode, port):
    if mode == "streams":
        server = await asyncio.start_server(serve_streams, "127.0.0.1", port)
    else:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(HttptoolsProtocol, "127.0.0.1", port)
    print("READY", server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


def main(argv):
    use_uvloop = "--uvloop" in argv
    args = [a for a in argv if a != "--uvloop"]
    if len(args) != 2 or args[0] not in ("streams", "httptools"):
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
