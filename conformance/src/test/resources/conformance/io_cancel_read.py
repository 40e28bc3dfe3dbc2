# requires-python: 3.13
"""io_cancel_read: a task waiting in reader.readexactly(6) on a socket is cancelled after 3 of the
bytes arrived; the cancelled read takes nothing out of the buffer, so the next readexactly(6) gets
all 6 bytes once the rest arrives. The client's reader is fed by a small Protocol (as
StreamReaderProtocol feeds it) that also says when bytes arrived: that is what makes "after 3
bytes arrived" a fact rather than a guess."""
import asyncio


class Feeder(asyncio.Protocol):
    def __init__(self, reader, arrived):
        self.reader = reader
        self.arrived = arrived

    def data_received(self, data):
        self.reader.feed_data(data)
        self.arrived.put_nowait(len(data))

    def eof_received(self):
        self.reader.feed_eof()
        return True


async def main():
    loop = asyncio.get_running_loop()
    go1 = asyncio.Event()
    go2 = asyncio.Event()

    async def handle(reader, writer):
        await go1.wait()
        writer.write(b'abc')
        await writer.drain()
        await go2.wait()
        writer.write(b'def')
        await writer.drain()
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(handle, '127.0.0.1', 0)
    port = server.sockets[0].getsockname()[1]
    reader = asyncio.StreamReader()
    arrived = asyncio.Queue()
    tr, _ = await loop.create_connection(lambda: Feeder(reader, arrived), '127.0.0.1', port)

    async def read6():
        print('reader: readexactly(6)')
        try:
            return await reader.readexactly(6)
        except asyncio.CancelledError:
            print('reader: cancelled')
            raise

    task = asyncio.create_task(read6())
    await asyncio.sleep(0)
    go1.set()
    print('arrived:', await arrived.get(), 'bytes')
    await asyncio.sleep(0)
    print('task done:', task.done())
    print('cancel:', task.cancel())
    try:
        await task
    except asyncio.CancelledError:
        print('task cancelled:', task.cancelled())
    print('at_eof:', reader.at_eof())
    go2.set()
    print('readexactly(6):', await reader.readexactly(6))
    print('read():', await reader.read(), 'at_eof:', reader.at_eof())
    tr.close()
    server.close()
    await server.wait_closed()
    print('closed')


asyncio.run(main())
