#!/usr/bin/env python3
"""Renders JMH JSON results (benchmarks/run.sh) as docs/performance.md: machine, JDK, date, the table of
Agentrace and OpenTelemetry side by side with ratios, the performance budget, and whether this run met
the budget's targets it measures.

Benchmarks are named operation_agentrace / operation_otel; pairs become one row. Any other benchmark is
listed under its own name, so new benchmarks appear without changes here.

usage: render.py RESULTS.json OUTPUT.md [--note TEXT]
"""
import argparse
import datetime
import json
import os
import platform
import re

LABELS = {
    "startEnd": "start+end, sampled, batching to a counting exporter",
    "startEndNoWorkerStages": "diagnostic: start+end, worker's metrics and risk stages off",
    "attributes3": "same with 3 attributes (String, long, double)",
    "parentChild": "parent + child with the parent current (2 spans)",
    "unsampled": "unsampled start+end (alwaysOff sampler)",
    "noopGlobal": "global no-op API, nothing installed",
    "startEnd2Threads": "start+end from 2 producer threads at once",
    "startEnd2ThreadsNoWorkerStages": "diagnostic: 2 threads, worker's metrics and risk stages off",
    "currentSpan": "currentSpan() with a span open",
    "scopedCall": "call(() -> result): span current, result and OK recorded",
    "scopedTry": "try-with-resources doing the same by hand",
    "chatInput": "input(..) of a 5-message chat request, start+end",
    "otlpProtobuf512": "exporter: OTLP protobuf encoding of a 512-span batch",
    "otlpJson512": "exporter: OTLP/JSON encoding of a 512-span batch",
    "jsonl512": "exporter: JSONL encoding of a 512-span batch",
    "metricsRecord512": "worker: metrics stage (price, roll-up, HDR record) over 512 spans",
    "schemaCheckChat": "worker: schema check of an LLM span (5 messages in, reply out)",
    "schemaCheckSearch": "worker: schema check of a tool span (arguments in, 2 results out)",
    "floor_twoNanoTime": "floor: two System.nanoTime() calls",
    "floor_allocation": "floor: one small allocation (new Object())",
    "floor_threadLocalGet": "part: a static ThreadLocal read",
    "floor_scopedValueUnbound": "part: ScopedValue.isBound() when unbound",
    "floor_threeRandomLongs": "part: three ThreadLocalRandom longs (a root's ids)",
    "floor_cas": "part: one uncontended CAS",
    "unsampledCall": "unsampled call(() -> result) (a closed scope)",
    "unsampledChild": "unsampled child of an unsampled parent, start+end",
    "pipeline[tail=off]": "worker + producer per span, agent-shaped traces, tail sampling off",
    "pipeline[tail=on]": "the same with tail sampling on",
    "decide": "tail sampling: the policy's decision on one 3-span trace",
}
ORDER = list(LABELS)
SDKS = ("agentrace", "otel")


def machine():
    model = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "unknown"
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem = "%.1f GiB" % (int(line.split()[1]) / 1024 / 1024)
                    break
    except OSError:
        pass
    return "%d cores (nproc), %s, %s RAM, %s %s" % (os.cpu_count() or 0, model, mem, platform.system(), platform.release())


def load(path):
    with open(path) as f:
        runs = json.load(f)
    results = {}
    for r in runs:
        name = r["benchmark"].rsplit(".", 1)[1]
        if r.get("params"):  # one row per parameter value, e.g. pipeline[tail=on]
            name += "[" + ",".join("%s=%s" % kv for kv in sorted(r["params"].items())) + "]"
        primary = r["primaryMetric"]
        sec = r.get("secondaryMetrics", {})
        entry = {
            "ns": primary["score"],
            "err": primary.get("scoreError"),
            "unit": primary["scoreUnit"],
            "bytes": sec.get("gc.alloc.rate.norm", {}).get("score"),
            "spans": sec.get("spans", {}).get("score"),
            "exported": sec.get("exported", {}).get("score"),
            "threads": r.get("threads", 1),
        }
        results[name] = entry
    return runs, results


def fmt_ns(e):
    if e is None:
        return "—"
    s = "%.1f" % e["ns"] if e["ns"] < 100 else "%.0f" % e["ns"]
    try:
        err = float(e["err"])  # JMH writes "NaN" after a single iteration
    except (TypeError, ValueError):
        return s
    if err == err:
        s += " ± %.1f" % err if err < 100 else " ± %.0f" % err
    return s


def fmt_bytes(e):
    if e is None or e["bytes"] is None:
        return "—"
    return "%.0f" % e["bytes"] if e["bytes"] >= 1 else "0"


def ratio(a, b):
    if a is None or b is None or not b:
        return "—"
    return "%.2f×" % (a / b)


def delivered(e):
    if e is None or not e.get("spans"):
        return "—"
    return "%.1f %%" % (100.0 * e["exported"] / e["spans"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("output")
    ap.add_argument("--note", default="")
    ap.add_argument("--sustained", help="SustainedLoad's output, shown as it is")
    args = ap.parse_args()
    runs, res = load(args.results)

    pairs, singles = {}, {}
    for name, e in res.items():
        m = re.match(r"(.+)_(%s)$" % "|".join(SDKS), name)
        if m:
            pairs.setdefault(m.group(1), {})[m.group(2)] = e
        else:
            singles[name] = e

    def key(op):
        return (ORDER.index(op) if op in ORDER else len(ORDER), op)

    jvm = runs[0] if runs else {}
    out = []
    out.append("# Performance")
    out.append("")
    out.append("What an agent pays on its own thread per step, measured with JMH in one run, Agentrace and the")
    out.append("OpenTelemetry Java SDK side by side. Both SDKs are at their defaults with a batching processor over an")
    out.append("exporter that discards spans and counts them. Generated by `benchmarks/run.sh` from")
    out.append("`benchmarks/results/jmh.json`; why the hot path is fast is in [benchmarks/RATIONALE.md](../benchmarks/RATIONALE.md).")
    out.append("")
    out.append("- Machine: %s" % machine())
    out.append("- JDK: %s %s (%s)" % (jvm.get("vmName", "?"), jvm.get("vmVersion", "?"), jvm.get("jdkVersion", "?")))
    out.append("- JMH %s: %s fork, %s warm-up × %s, %s measured × %s, `-prof gc`; fork JVM options `%s`" % (
        jvm.get("jmhVersion", "?"), jvm.get("forks", "?"), jvm.get("warmupIterations", "?"), jvm.get("warmupTime", "?"),
        jvm.get("measurementIterations", "?"), jvm.get("measurementTime", "?"), " ".join(jvm.get("jvmArgs", []))))
    ran = datetime.datetime.fromtimestamp(os.path.getmtime(args.results), datetime.timezone.utc)
    out.append("- Date: %s (when the results were written)" % ran.strftime("%Y-%m-%d %H:%M UTC"))
    if args.note:
        out.append("- Note: %s" % args.note)
    out.append("")
    out.append("## Side by side")
    out.append("")
    out.append("Time is the average per operation (± the 99.9 % confidence half-width JMH reports); bytes are")
    out.append("allocated per operation by all threads, export worker included. *Delivered* is the share of ended")
    out.append("spans that reached the exporter (after a flush at the end of each iteration): below 100 % the SDK")
    out.append("dropped spans, which also makes its time look better than it is.")
    out.append("")
    out.append("| operation | Agentrace ns/op | OpenTelemetry ns/op | time ratio | Agentrace B/op | OpenTelemetry B/op | bytes ratio | delivered (Agentrace / OpenTelemetry) |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    for op in sorted(pairs, key=key):
        a, o = pairs[op].get("agentrace"), pairs[op].get("otel")
        label = LABELS.get(op, op)
        out.append("| %s | %s | %s | %s | %s | %s | %s | %s / %s |" % (
            label, fmt_ns(a), fmt_ns(o), ratio(a and a["ns"], o and o["ns"]), fmt_bytes(a), fmt_bytes(o),
            ratio(a and a["bytes"], o and o["bytes"]) if a and o and (o["bytes"] or 0) >= 1 else "—",
            delivered(a), delivered(o)))
    if singles:
        out.append("")
        out.append("| other | ns/op | B/op |")
        out.append("|---|---:|---:|")
        for op in sorted(singles, key=key):
            e = singles[op]
            out.append("| %s | %s | %s |" % (LABELS.get(op, op), fmt_ns(e), fmt_bytes(e)))

    out.append("")
    out.append("## Performance budget")
    out.append("")
    out.append("What the suite holds Agentrace to. Each ratio is measured in one JMH run beside the OpenTelemetry SDK")
    out.append("(1.67 or later), both at their defaults with a batching processor over an exporter that discards spans")
    out.append("and counts them. A benchmark whose SDK drops spans reports how many it delivered, so dropping cannot")
    out.append("pass for speed.")
    out.append("")
    out.append("| operation | goal |")
    out.append("|---|---|")
    out.append("| start+end, sampled | ≤ 0.5× OpenTelemetry's time and bytes; ≤ 1.5× the floor of two `System.nanoTime()` calls |")
    out.append("| the same with 3 attributes; parent + child with the parent current | ≤ 0.5× OpenTelemetry's time |")
    out.append("| an agent's LLM step: a 5-message chat request as input, the reply as output, model and tokens (on the OpenTelemetry side the request is serialised into `input.value` with Jackson's `ObjectMapper`, as OpenInference does) | ≤ 0.5× OpenTelemetry's time on the caller, with every span delivered while the default worker stages (risk, cost, metrics) run |")
    out.append("| unsampled start+end | ≤ 10 ns and 0 bytes |")
    out.append("| 2 producer threads | no span dropped at default settings |")
    out.append("| live start event: from `start()` until a live exporter has it | p99 ≤ 5 ms at default settings |")
    out.append("| export worker, LLM steps with risk scanning, redaction, cost and metrics | ≥ 500,000 spans/s on one core; risk scan ≥ 1 GB/s of clean text; schema check of a tool span ≥ 200,000/s |")
    out.append("")
    out.append("The next table checks the goals this run measures. The LLM step, the live start event and the worker's")
    out.append("throughput have no automatic check yet; the worker rows under \"other\" above measure parts of the last.")
    out.append("")
    out.append("## Targets in this run")
    out.append("")
    out.append("Why a target is missed, with profiles, is in")
    out.append("[benchmarks/RATIONALE.md](../benchmarks/RATIONALE.md#where-the-targets-stand-and-why).")
    out.append("")
    out.append("| target | this run | met |")
    out.append("|---|---|---|")

    def get(op, sdk):
        return pairs.get(op, {}).get(sdk)

    def check(desc, have, ok):
        out.append("| %s | %s | %s |" % (desc, have, "—" if ok is None else ("yes" if ok else "**no**")))

    a, o, floor = get("startEnd", "agentrace"), get("startEnd", "otel"), singles.get("floor_twoNanoTime")
    if a and o:
        check("start+end ≤ 0.5× OpenTelemetry's time", "%.1f / %.1f ns = %.2f×" % (a["ns"], o["ns"], a["ns"] / o["ns"]),
              a["ns"] <= 0.5 * o["ns"])
    if a and floor:
        check("start+end ≤ 1.5× the two-nanoTime floor", "%.1f / %.1f ns = %.2f×" % (a["ns"], floor["ns"], a["ns"] / floor["ns"]),
              a["ns"] <= 1.5 * floor["ns"])
    if a and o and a["bytes"] is not None and o["bytes"]:
        check("start+end bytes ≤ 0.5× OpenTelemetry's", "%.0f / %.0f B = %.2f×" % (a["bytes"], o["bytes"], a["bytes"] / o["bytes"]),
              a["bytes"] <= 0.5 * o["bytes"])
    for op, what in (("attributes3", "with 3 attributes"), ("parentChild", "parent+child with scope")):
        a, o = get(op, "agentrace"), get(op, "otel")
        if a and o:
            check("%s ≤ 0.5× OpenTelemetry's time" % what, "%.1f / %.1f ns = %.2f×" % (a["ns"], o["ns"], a["ns"] / o["ns"]),
                  a["ns"] <= 0.5 * o["ns"])
    a = get("unsampled", "agentrace")
    if a:
        check("unsampled ≤ 10 ns and 0 B/op", "%.1f ns, %s B" % (a["ns"], fmt_bytes(a)),
              a["ns"] <= 10 and (a["bytes"] or 0) < 1)
    a, o = get("startEnd2Threads", "agentrace"), get("startEnd2Threads", "otel")
    if a and a.get("spans"):
        lost = a["spans"] - a["exported"]
        check("2 threads: no span dropped at default settings", "%.0f of %.0f spans dropped per iteration (OpenTelemetry: %s delivered)" % (
            lost, a["spans"], delivered(o)), lost <= 0)
    if args.sustained:
        out.append("")
        out.append("## Sustained load")
        out.append("")
        out.append("`SustainedLoad` (benchmarks module): producer threads record agent-shaped traces (an agent run, an")
        out.append("LLM call with the 5-message chat request as input, a tool call) for a fixed time through the real")
        out.append("JSONL exporter at its defaults (start records included, each batch forced to disk), then the SDK")
        out.append("shuts down. Spans the pipeline could not take are dropped and counted, never waited for.")
        out.append("")
        out.append("```")
        with open(args.sustained) as f:
            out.extend(line.rstrip("\n") for line in f if line.strip())
        out.append("```")
    out.append("")
    with open(args.output, "w") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    main()
