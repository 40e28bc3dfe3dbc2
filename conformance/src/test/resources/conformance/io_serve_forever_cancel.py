# requires-python: 3.13
"""io_serve_forever_cancel: serve_forever in a task on a server made with start_serving=False.
Cancelled after its client left, it closes the server (is_serving False, no sockets) and the
task ends with CancelledError. (Cancelled while a client is still connected, 3.13.0 waits for the
client; jasyncio takes CPython's later gh-123720 fix and closes the client: PitfallsTest p16.) serve_forever on a closed server raises RuntimeError
(IllegalStateException in Java). A second server's serve_forever ends with CancelledError too
when the server is closed under it."""
import asyncio


async def main():
    async def handle(reader, writer):
        async for line in reader:
            writer.write(line)
            await writer.drain()
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(handle, '127.0.0.1', 0, start_serving=False)
    print('serving:', server.is_serving())
    port = server.sockets[0].getsockname()[1]
    task = asyncio.create_task(server.serve_forever())
    await asyncio.sleep(0)
    print('serve_forever started, serving:', server.is_serving())
    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    writer.write(b'x\n')
    print('echo', await reader.readline())
    writer.close()
    await writer.wait_closed()
    print('client closed')
    print('cancel:', task.cancel())
    try:
        await task
    except asyncio.CancelledError:
        print('serve_forever: CancelledError, cancelled:', task.cancelled())
    print('serving', server.is_serving(), 'sockets', len(server.sockets))
    try:
        await server.serve_forever()
    except RuntimeError:
        print('serve_forever on a closed server: RuntimeError')

    server2 = await asyncio.start_server(handle, '127.0.0.1', 0)
    print('server2 serving:', server2.is_serving())
    task2 = asyncio.create_task(server2.serve_forever())
    await asyncio.sleep(0)
    print('server2 closes')
    server2.close()
    try:
        await task2
    except asyncio.CancelledError:
        print('serve_forever ended by close: CancelledError, cancelled:', task2.cancelled())
    print('server2 serving:', server2.is_serving())
    await server2.wait_closed()
    print('done')


asyncio.run(main())
