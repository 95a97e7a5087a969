"""Sends every key of a file exactly once, as GET PATH with x-api-key, over CONNECTIONS keep-alive
connections from one address, as fast as the service answers. Prints one line:
"N requests in S s, R req/s, statuses: 401=.. 429=..".

usage: flood.py HOST PORT PATH KEYS_FILE CONNECTIONS
"""
import asyncio
import collections
import sys
import time


async def answer_status(reader):
    status = int((await reader.readline()).split()[1])
    length, chunked = 0, False
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
        elif name.lower() == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if chunked:
        while (size := int((await reader.readline()).split(b";")[0], 16)) > 0:
            await reader.readexactly(size + 2)
        await reader.readline()
    elif length:
        await reader.readexactly(length)
    return status


async def connection(host, port, path, keys, counts):
    reader, writer = await asyncio.open_connection(host, port)
    for key in keys:
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nx-api-key: {key}\r\n\r\n".encode("ascii"))
        counts[await answer_status(reader)] += 1
    writer.close()


async def main(host, port, path, keys_file, connections):
    keys = open(keys_file).read().split()
    counts = collections.Counter()
    started = time.monotonic()
    await asyncio.gather(*(connection(host, int(port), path, keys[i::connections], counts) for i in range(connections)))
    elapsed = time.monotonic() - started
    statuses = " ".join(f"{status}={n}" for status, n in sorted(counts.items()))
    print(f"{len(keys)} requests in {elapsed:.1f} s, {len(keys) / elapsed:.0f} req/s, statuses: {statuses}")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])))
