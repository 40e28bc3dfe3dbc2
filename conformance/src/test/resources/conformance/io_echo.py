# requires-python: 3.13
"""io_echo: a start_server echo server over a real localhost socket. The client sends three lines,
awaiting each reply before it sends the next (readline, write, drain on both sides); then both
sides close and wait_closed. The server's steps after the client left wait for the client's, so
that every line comes in one order."""
import asyncio


async def main():
    client_closed = asyncio.Event()
    handler_done = asyncio.Event()

    async def handle(reader, writer):
        while True:
            line = await reader.readline()
            if not line:
                break
            print('server got', line)
            writer.write(line)
            await writer.drain()
            print('server echoed', line)
        await client_closed.wait()
        print('server read eof, at_eof:', reader.at_eof())
        print('server closes, is_closing:', writer.is_closing())
        writer.close()
        print('server closing, is_closing:', writer.is_closing())
        await writer.wait_closed()
        print('server closed')
        handler_done.set()

    server = await asyncio.start_server(handle, '127.0.0.1', 0)
    print('serving:', server.is_serving(), 'sockets:', len(server.sockets))
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    print('client connected, at_eof:', reader.at_eof())
    for line in (b'one\n', b'two\n', b'three\n'):
        writer.write(line)
        await writer.drain()
        print('client sent', line)
        reply = await reader.readline()
        print('client got', reply)
    writer.close()
    print('client closing, is_closing:', writer.is_closing())
    await writer.wait_closed()
    print('client closed')
    client_closed.set()
    await handler_done.wait()
    server.close()
    print('server closed, serving:', server.is_serving(), 'sockets:', len(server.sockets))
    await server.wait_closed()
    print('wait_closed returned')


asyncio.run(main())
