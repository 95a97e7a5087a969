#!/usr/bin/env python3
"""Top frames of a CPU profile in async-profiler's collapsed format (one stack per line, then its
sample count): the frames where the most samples were taken (self), and the service's own methods
by the share of samples whose stack holds them (total). Markdown tables, for docs/BENCHMARKS.md."""
import collections
import sys

self_samples = collections.Counter()
total_samples = collections.Counter()
samples = 0
for line in open(sys.argv[1]):
    stack, _, count = line.rstrip("\n").rpartition(" ")
    if not count.isdigit():
        continue
    count = int(count)
    frames = stack.split(";")
    samples += count
    self_samples[frames[-1]] += count
    for frame in set(frames):
        if frame.startswith("dev/latchkey") or frame.startswith("dev.latchkey"):
            total_samples[frame] += count

def share(n):
    return f"{100.0 * n / samples:.1f}%" if samples else "-"

print(f"{samples} samples.\n")
print("| frame (self) | share |\n|---|---|")
for frame, n in self_samples.most_common(15):
    print(f"| `{frame.replace('|', '/')}` | {share(n)} |")
print("\n| Latchkey method (total, with what it calls) | share |\n|---|---|")
for frame, n in total_samples.most_common(15):
    print(f"| `{frame}` | {share(n)} |")
