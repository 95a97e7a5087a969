"""Times each key's first check, one at a time, over one keep-alive connection (so the figure is
the service's, not a client's start-up or a TCP handshake). Prints "p50 p99 n" in milliseconds,
and the same for a warm key checked as many times, for comparison.

usage: cold.py HOST PORT PATH KEYS_FILE WARM_KEY
"""
import http.client
import sys
import time


def timed(connection, path, key):
    started = time.perf_counter()
    connection.request("GET", path, headers={"x-api-key": key})
    response = connection.getresponse()
    response.read()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status != 200:
        sys.exit(f"a check answered {response.status}")
    return elapsed


def percentiles(times):
    times = sorted(times)
    return f"{times[len(times) // 2]:.2f}ms {times[min(len(times) - 1, int(len(times) * 0.99))]:.2f}ms {len(times)}"


def main():
    host, port, path, keys_file, warm_key = sys.argv[1:6]
    keys = [line.strip() for line in open(keys_file) if line.strip()]
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    cold = [timed(connection, path, key) for key in keys]
    warm = [timed(connection, path, warm_key) for _ in keys]
    print(percentiles(cold), percentiles(warm))


main()
