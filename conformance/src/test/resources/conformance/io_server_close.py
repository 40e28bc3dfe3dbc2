# requires-python: 3.13
"""io_server_close: 3.13's Server lifecycle. close() stops listening (is_serving False, no sockets,
a new connection is refused) but leaves the accepted connection open: it still echoes. wait_closed
waits until the last connection is gone (a task in it stays pending over many loop iterations
while the client is connected), then returns; once it has, it returns at once (no await point)."""
import asyncio


async def main():
    async def handle(reader, writer):
        async for line in reader:
            writer.write(b'echo ' + line)
            await writer.drain()
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(handle, '127.0.0.1', 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    writer.write(b'a\n')
    print('before close:', await reader.readline())
    server.close()
    print('after close: serving', server.is_serving(), 'sockets', len(server.sockets))
    server.close()
    print('closed twice: serving', server.is_serving(), 'sockets', len(server.sockets))
    try:
        r2, w2 = await asyncio.open_connection('127.0.0.1', port)
    except ConnectionRefusedError:
        print('new connection: refused')
    except OSError as e:
        print('new connection: other', type(e).__name__)
    else:
        print('new connection: connected')
        w2.close()

    waiting = asyncio.create_task(server.wait_closed())
    for _ in range(20):
        await asyncio.sleep(0)
    print('wait_closed done after 20 iterations:', waiting.done())
    writer.write(b'b\n')
    print('after close:', await reader.readline())
    print('wait_closed done:', waiting.done())
    writer.close()
    await writer.wait_closed()
    print('client closed')
    await waiting
    print('wait_closed returned, done:', waiting.done())

    ran = []

    async def other():
        ran.append('other')

    t = asyncio.create_task(other())
    await server.wait_closed()
    print('wait_closed again, another task ran meanwhile:', ran)
    await t
    print('then:', ran)


asyncio.run(main())
