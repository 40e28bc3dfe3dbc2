# requires-python: 3.13
"""io_readuntil_limit: a client reader with limit=16 reads what the server sent in one burst (the
client waits until the server wrote it all and closed, so one recv brings every byte): readuntil
with one separator and with several (3.13's tuple: the shortest result wins), LimitOverrunError
with the separator found and not found (the bytes stay: readexactly still gets them), readline on
an overlong line (Python raises ValueError, jasyncio LimitOverrunError: the line is dropped, and
the next readline gets the next line), then IncompleteReadError at the end of the stream."""
import asyncio

DATA = (b'one;two\r\nthree\n' + b'x' * 20 + b';' + b'y' * 30 + b'\n' + b'next\n'
        + b'z' * 20)


async def main():
    sent = asyncio.Event()

    async def handle(reader, writer):
        writer.write(DATA)
        await writer.drain()
        print('server sent', len(DATA), 'bytes and closes')
        writer.close()
        await writer.wait_closed()
        sent.set()

    server = await asyncio.start_server(handle, '127.0.0.1', 0, limit=16)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection('127.0.0.1', port, limit=16)
    await sent.wait()
    print('readuntil ;', await reader.readuntil(b';'))
    print('readuntil (\\r\\n, ;)', await reader.readuntil((b'\r\n', b';')))
    print('readuntil (ee, \\n)', await reader.readuntil((b'ee', b'\n')))
    print('readline', await reader.readline())
    try:
        await reader.readuntil(b';')
    except asyncio.LimitOverrunError as e:
        print(type(e).__name__, e.args[0], 'consumed:', e.consumed)
    print('readexactly 21', await reader.readexactly(21))
    try:
        await reader.readline()
    except (ValueError, asyncio.LimitOverrunError) as e:
        print('readline overrun:', e.args[0])
    print('readline', await reader.readline())
    try:
        await reader.readuntil(b'!')
    except asyncio.LimitOverrunError as e:
        print(type(e).__name__, e.args[0], 'consumed:', e.consumed)
    try:
        await reader.readuntil((b'!', b'?!'))
    except asyncio.LimitOverrunError as e:
        print(type(e).__name__, e.args[0], 'consumed:', e.consumed)
    print('at_eof', reader.at_eof())
    try:
        await reader.readexactly(25)
    except asyncio.IncompleteReadError as e:
        print(type(e).__name__, e, 'partial:', e.partial, 'expected:', e.expected)
    print('at_eof', reader.at_eof())
    try:
        await reader.readuntil(b';')
    except asyncio.IncompleteReadError as e:
        print(type(e).__name__, e, 'partial:', e.partial, 'expected:', e.expected)
    print('readline', await reader.readline())
    print('read', await reader.read())
    print('readexactly 0', await reader.readexactly(0))
    try:
        await reader.readuntil(b'')
    except ValueError as e:
        print('ValueError', e)
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()
    print('closed')


asyncio.run(main())
