"""A loopback HTTP server that answers every request 200 with an empty body (keep-alive) and, when
stopped (SIGTERM), writes each request's arrival time (time.monotonic(), seconds) to the file named
by its second argument, one a line. Used by bench/test-hey-staggered.sh to see how a load tool's
requests are spread in time.

    python3 bench/arrivals.py PORT ARRIVALS_FILE
"""
import asyncio
import signal
import sys
import time

arrivals = []


async def serve(reader, writer):
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            arrivals.append(time.monotonic())
            if not head:
                break
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main(port, path):
    server = await asyncio.start_server(serve, "127.0.0.1", port, backlog=512)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with server:
        await stop.wait()
    with open(path, "w") as out:
        out.writelines(f"{t:.6f}\n" for t in arrivals)


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
