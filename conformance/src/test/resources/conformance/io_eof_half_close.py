# requires-python: 3.13
"""io_eof_half_close: the client writes, then write_eof (a half-close: it can still read); the
server reads to the end of the stream (read() is read(-1)), replies and closes; the client reads
the reply after its own write_eof. at_eof on both sides at each step; a write after write_eof
raises RuntimeError (IllegalStateException in Java)."""
import asyncio


async def main():
    handler_done = asyncio.Event()

    async def handle(reader, writer):
        data = await reader.read()
        print('server read', data, 'at_eof:', reader.at_eof())
        print('server read again', await reader.read(), await reader.read(10))
        writer.write(b'reply:' + data.upper())
        await writer.drain()
        print('server replied and closes')
        writer.close()
        await writer.wait_closed()
        handler_done.set()

    server = await asyncio.start_server(handle, '127.0.0.1', 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    print('client can_write_eof:', writer.can_write_eof())
    writer.write(b'hello ')
    writer.write(b'world')
    await writer.drain()
    writer.write_eof()
    print('client wrote eof, at_eof:', reader.at_eof(), 'is_closing:', writer.is_closing())
    try:
        writer.write(b'more')
    except RuntimeError:
        print('write after write_eof: RuntimeError')
    reply = await reader.read()
    print('client read', reply, 'at_eof:', reader.at_eof())
    print('client read again', await reader.read(), await reader.readline())
    await handler_done.wait()
    print('server handler done')
    writer.close()
    await writer.wait_closed()
    print('client closed')
    server.close()
    await server.wait_closed()
    print('server closed')


asyncio.run(main())
