# requires-python: 3.13
"""io_protocol: loop.create_server and loop.create_connection with Protocol classes. The callbacks
print as they run, except connection_made: the two sides' connection_made race each other, so
main prints them once both ran. Connection 1: both eof_received return False (the transport
closes). Connection 2: both return True (a half-close: the server still writes after the
client's EOF; the client closes its transport itself). Each step waits for the one before, across
the two sides, so the order is the causal one."""
import asyncio


class ServerProto(asyncio.Protocol):
    def __init__(self, keep_open, made):
        self.keep_open = keep_open
        self.made = made
        self.eof = asyncio.get_running_loop().create_future()

    def connection_made(self, transport):
        self.transport = transport
        self.made.put_nowait(self)

    def data_received(self, data):
        print('server: data_received', data)
        if data == b'ping':
            self.transport.write(b'pong')

    def eof_received(self):
        print('server: eof_received ->', self.keep_open)
        self.eof.set_result(None)
        return self.keep_open

    def connection_lost(self, exc):
        print('server: connection_lost', exc)


class ClientProto(asyncio.Protocol):
    def __init__(self, keep_open):
        self.keep_open = keep_open
        self.transport = None
        self.data = asyncio.Queue()
        self.eof = asyncio.get_running_loop().create_future()
        self.lost = asyncio.get_running_loop().create_future()

    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        print('client: data_received', data)
        self.data.put_nowait(data)

    def eof_received(self):
        print('client: eof_received ->', self.keep_open)
        self.eof.set_result(None)
        return self.keep_open

    def connection_lost(self, exc):
        print('client: connection_lost', exc)
        self.lost.set_result(None)


async def main():
    loop = asyncio.get_running_loop()
    made = asyncio.Queue()
    keep_open = [False]
    server = await loop.create_server(lambda: ServerProto(keep_open[0], made), '127.0.0.1', 0)
    port = server.sockets[0].getsockname()[1]

    print('-- connection 1: eof_received returns False')
    tr, cp = await loop.create_connection(lambda: ClientProto(False), '127.0.0.1', port)
    print('client: connection_made', cp.transport is tr)
    sp = await made.get()
    print('server: connection_made, is_closing:', sp.transport.is_closing())
    tr.write(b'ping')
    print('client: wrote ping')
    await cp.data.get()
    tr.write_eof()
    print('client: wrote eof, is_closing:', tr.is_closing())
    await cp.lost
    print('client is_closing:', tr.is_closing(), 'server is_closing:', sp.transport.is_closing())

    print('-- connection 2: eof_received returns True')
    keep_open[0] = True
    tr, cp = await loop.create_connection(lambda: ClientProto(True), '127.0.0.1', port)
    print('client: connection_made', cp.transport is tr)
    sp = await made.get()
    print('server: connection_made, is_closing:', sp.transport.is_closing())
    tr.write(b'hi')
    tr.write_eof()
    print('client: wrote hi and eof')
    await sp.eof
    print('server writes after eof, is_closing:', sp.transport.is_closing())
    sp.transport.write(b'bye')
    await cp.data.get()
    print('server closes')
    sp.transport.close()
    await cp.eof
    print('client closes, is_closing:', tr.is_closing())
    tr.close()
    await cp.lost
    server.close()
    await server.wait_closed()
    print('server closed')


asyncio.run(main())
