#!/usr/bin/env python3
"""Summarises `jfr print --json --events jdk.ExecutionSample` output per thread: the share of samples whose top
frame is each method (self time, with its line) and the share in which each method is anywhere on the stack.
JMH's own threads other than the benchmark thread are left out.

usage: jfr-summary.py SAMPLES.json [TOP]
"""
import collections
import json
import sys


def method(frame, line=False):
    m = frame["method"]
    name = m["type"]["name"].split("/")[-1] + "." + m["name"]
    return "%s:%s" % (name, frame.get("lineNumber")) if line else name


def main():
    events = json.load(open(sys.argv[1]))["recording"]["events"]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    self_time = collections.defaultdict(collections.Counter)
    on_stack = collections.defaultdict(collections.Counter)
    total = collections.Counter()
    for e in events:
        thread = e["values"]["sampledThread"]["javaName"] or "?"
        frames = e["values"]["stackTrace"]["frames"]
        if not frames:
            continue
        if "jmh-worker" in thread:
            thread = "agent's thread (JMH worker)"
        elif thread != "agentrace-export":
            continue
        total[thread] += 1
        self_time[thread][method(frames[0], True)] += 1
        for m in {method(f) for f in frames}:
            on_stack[thread][m] += 1
    for thread, n in total.most_common():
        print()
        print("== %s: %d samples" % (thread, n))
        print("-- self (top frame)")
        for m, c in self_time[thread].most_common(top):
            print("  %5.1f %%  %s" % (100.0 * c / n, m))
        print("-- on the stack")
        for m, c in on_stack[thread].most_common(top + 10):
            if not m.startswith(("Thread.", "DirectMethodHandle", "LambdaForm", "0x")):
                print("  %5.1f %%  %s" % (100.0 * c / n, m))


if __name__ == "__main__":
    main()
