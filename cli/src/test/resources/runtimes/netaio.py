# python3's asyncio streams over TCP on the loopback (issue 16): a server and clients in one process.
import asyncio
async def handle(reader, writer):
    while line := await reader.readline():
        writer.write(line.upper())
        await writer.drain()
    writer.close()
async def main():
    server = await asyncio.start_server(handle, '127.0.0.1', 0)
    port = server.sockets[0].getsockname()[1]
    async def client(i):
        r, w = await asyncio.open_connection('127.0.0.1', port)
        w.write(f'client {i}\n'.encode())
        await w.drain()
        line = await r.readline()
        w.close()
        await w.wait_closed()
        return line
    print(sorted(await asyncio.gather(*(client(i) for i in range(8)))))
    try:
        await asyncio.open_connection('127.0.0.1', 1)
    except ConnectionRefusedError as e:
        print('refused', e.errno)
    server.close()
    await server.wait_closed()
asyncio.run(main())
