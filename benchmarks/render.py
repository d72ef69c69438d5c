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
    "llmStep": "an LLM step: 5-message chat request in, 300-character reply out, model, tokens",
    "llmStepNoWorkerStages": "diagnostic: the LLM step, worker's metrics and risk stages off",
    "unsampledReturned": "unsampled start(), the span returned to the caller (escapes), then end()",
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
    "riskScanCleanChat": "worker: risk stage over 15,881 bytes of clean support chat (65 messages)",
    "riskStageLlmSpan": "worker: risk stage on one LLM span (5-message request in, 300-character reply out)",
    "liveStart_idle": "live start event, worker asleep before each start (1 ms between steps)",
    "liveStart_busy": "live start event, steps back to back",
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


def run_info(results):
    """The machine and time of the run, as benchmarks/run.sh wrote them beside the results; else from here."""
    path = os.path.join(os.path.dirname(results), "machine.json")
    try:
        with open(path) as f:
            info = json.load(f)
        return info["machine"], info["date"]
    except (OSError, ValueError, KeyError):
        ran = datetime.datetime.fromtimestamp(os.path.getmtime(results), datetime.timezone.utc)
        return machine() + " (read when rendering)", ran.strftime("%Y-%m-%d %H:%M UTC") + " (when the results were written)"


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
        score, err = primary["score"], primary.get("scoreError")
        if primary["scoreUnit"] == "ops/s" and score:
            # A throughput benchmark (run for an auxiliary rate, e.g. bytes/s): shown as time per operation.
            try:
                err = 1e9 / score * float(err) / score
            except (TypeError, ValueError):
                err = None
            score = 1e9 / score
        entry = {
            "ns": score,
            "err": err,
            "unit": primary["scoreUnit"],
            "bytesPerSecond": sec.get("bytes", {}).get("score"),
            "bytes": sec.get("gc.alloc.rate.norm", {}).get("score"),
            "spans": sec.get("spans", {}).get("score"),
            "exported": sec.get("exported", {}).get("score"),
            "workerCpu": sec.get("workerCpuNanos", {}).get("score"),
            "threads": r.get("threads", 1),
            "mode": r.get("mode"),
            "percentiles": primary.get("scorePercentiles", {}),
            "samples": sum(c for fork in primary.get("rawDataHistogram", []) for it in fork for _, c in it) or None,
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


def drops(e):
    """True if a benchmark's SDK delivered less than every span it ended."""
    return e is not None and bool(e.get("spans")) and e["exported"] < e["spans"]


def fmt_time(e):
    """The time, with the delivered share beside it when spans were dropped."""
    s = fmt_ns(e)
    if drops(e):
        s += " (**%s delivered**)" % delivered(e)
    return s


def worker_ns(e):
    """The export worker's CPU time per delivered span, from the workerCpuNanos counter."""
    if e is None or not e.get("workerCpu") or not e.get("exported"):
        return None
    return e["workerCpu"] / e["exported"]


def pct(e, p):
    v = (e or {}).get("percentiles", {}).get(p)
    return None if v is None else float(v)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("output")
    ap.add_argument("--note", default="")
    ap.add_argument("--sustained", help="SustainedLoad's output, shown as it is")
    ap.add_argument("--soak", help="benchmarks/soak.sh's output, shown as it is")
    ap.add_argument("--command", default="benchmarks/run.sh", help="the command that produced the results")
    args = ap.parse_args()
    runs, res = load(args.results)

    pairs, singles, sampled = {}, {}, {}
    for name, e in res.items():
        if e["mode"] == "sample":
            sampled[name] = e
            continue
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
    where, ran = run_info(args.results)
    out.append("- Machine: %s" % where)
    out.append("- JDK: %s %s (%s)" % (jvm.get("vmName", "?"), jvm.get("vmVersion", "?"), jvm.get("jdkVersion", "?")))
    out.append("- JMH %s: %s fork, %s warm-up × %s, %s measured × %s, `-prof gc`; fork JVM options `%s`" % (
        jvm.get("jmhVersion", "?"), jvm.get("forks", "?"), jvm.get("warmupIterations", "?"), jvm.get("warmupTime", "?"),
        jvm.get("measurementIterations", "?"), jvm.get("measurementTime", "?"), " ".join(jvm.get("jvmArgs", []))))
    out.append("- Date: %s" % ran)
    out.append("- Command: `%s`" % args.command)
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
            label, fmt_time(a), fmt_time(o), ratio(a and a["ns"], o and o["ns"]), fmt_bytes(a), fmt_bytes(o),
            ratio(a and a["bytes"], o and o["bytes"]) if a and o and (o["bytes"] or 0) >= 1 else "—",
            delivered(a), delivered(o)))
    if singles:
        out.append("")
        out.append("| other | ns/op | B/op |")
        out.append("|---|---:|---:|")
        for op in sorted(singles, key=key):
            e = singles[op]
            out.append("| %s | %s | %s |" % (LABELS.get(op, op), fmt_time(e), fmt_bytes(e)))
    # One producer thread only: with several, each thread's iteration set-up reads the counter at its own time.
    workers = [(op, sdk, e) for op in sorted(pairs, key=key) for sdk, e in pairs[op].items()
               if e["threads"] == 1 and (worker_ns(e) or 0) > 0]
    workers += [(op, None, e) for op in sorted(singles, key=key) for e in [singles[op]]
                if e["threads"] == 1 and (worker_ns(e) or 0) > 0]
    if workers:
        out.append("")
        out.append("### The export worker's share")
        out.append("")
        out.append("CPU time of the `agentrace-export` thread (`ThreadMXBean`) in the measured iterations, per span it")
        out.append("delivered: what one core spends on the worker stages (risk scan and redaction, cost, metrics), batching and")
        out.append("the hand-off. A producer faster than this outruns the worker at saturation and is held back or drops.")
        out.append("")
        out.append("| operation | worker CPU ns per span | spans per second on one core |")
        out.append("|---|---:|---:|")
        for op, sdk, e in workers:
            w = worker_ns(e)
            out.append("| %s | %.0f | %s |" % (LABELS.get(op, op), w, "{:,.0f}".format(1e9 / w)))
    if sampled:
        out.append("")
        out.append("### Live start events")
        out.append("")
        out.append("From `start()` on the agent's thread until a live exporter (`exportsStarts()`, as the console and the")
        out.append("live web view are) holds the start event, sampled for every start (`LiveBenchmarks`, JMH sample mode),")
        out.append("at default settings (200 ms batch delay) with an ordinary batching exporter beside it.")
        out.append("")
        out.append("| case | samples | p50 µs | p90 µs | p99 µs | p99.9 µs | max µs |")
        out.append("|---|---:|---:|---:|---:|---:|---:|")
        for op in sorted(sampled, key=key):
            e = sampled[op]
            cells = []
            for p in ("50.0", "90.0", "99.0", "99.9", "100.0"):
                v = pct(e, p)
                cells.append("—" if v is None else ("%.1f" % v if v < 100 else "%.0f" % v))
            out.append("| %s | %s | %s |" % (LABELS.get(op, op), "{:,}".format(e["samples"]) if e["samples"] else "—",
                                           " | ".join(cells)))

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
    out.append("| unsampled start+end, also when the span is returned to the caller | ≤ 10 ns and 0 bytes |")
    out.append("| 2 producer threads | no span dropped at default settings |")
    out.append("| live start event: from `start()` until a live exporter has it | p99 ≤ 5 ms at default settings, batches for other exporters still cut by size or age |")
    out.append("| export worker, LLM steps with risk scanning, redaction, cost and metrics | ≥ 500,000 spans/s on one core; risk scan ≥ 1 GB/s of clean text; schema check of a tool span ≥ 200,000/s |")
    out.append("| export encoding of a 512-span batch | OTLP protobuf allocates ≤ OpenTelemetry's bytes; JSONL at least as fast as OTLP/JSON |")
    out.append("| 10-minute soak of agent-shaped traces (`benchmarks/soak.sh`, not in CI) | live heap and resident memory flat |")
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

    def vs(op, what, factor=0.5):
        a, o = get(op, "agentrace"), get(op, "otel")
        if a and o:
            check("%s ≤ %s× OpenTelemetry's time, every span delivered" % (what, factor),
                  "%s / %s ns = %.2f×, %s delivered" % (fmt_ns(a).split(" ±")[0], fmt_ns(o).split(" ±")[0],
                                                       a["ns"] / o["ns"], delivered(a)),
                  a["ns"] <= factor * o["ns"] and not drops(a))

    a, o, floor = get("startEnd", "agentrace"), get("startEnd", "otel"), singles.get("floor_twoNanoTime")
    vs("startEnd", "start+end")
    if a and floor:
        check("start+end ≤ 1.5× the two-nanoTime floor", "%.1f / %.1f ns = %.2f×" % (a["ns"], floor["ns"], a["ns"] / floor["ns"]),
              a["ns"] <= 1.5 * floor["ns"])
    if a and o and a["bytes"] is not None and o["bytes"]:
        check("start+end bytes ≤ 0.5× OpenTelemetry's", "%.0f / %.0f B = %.2f×" % (a["bytes"], o["bytes"], a["bytes"] / o["bytes"]),
              a["bytes"] <= 0.5 * o["bytes"])
    vs("attributes3", "with 3 attributes")
    vs("parentChild", "parent+child with scope")
    vs("llmStep", "LLM step, caller")
    a, o = get("llmStep", "agentrace"), get("llmStep", "otel")
    if a and o and a["bytes"] is not None and o["bytes"]:
        check("LLM step bytes ≤ OpenTelemetry's", "%.0f / %.0f B = %.2f×" % (a["bytes"], o["bytes"], a["bytes"] / o["bytes"]),
              a["bytes"] <= o["bytes"])
    for op, what in (("unsampled", "unsampled start+end"), ("unsampledReturned", "unsampled, span returned to the caller")):
        a = get(op, "agentrace")
        if a:
            check("%s ≤ 10 ns and 0 B/op" % what, "%.1f ns, %s B" % (a["ns"], fmt_bytes(a)),
                  a["ns"] <= 10 and (a["bytes"] or 0) < 1)
    a, o = get("startEnd2Threads", "agentrace"), get("startEnd2Threads", "otel")
    if a and a.get("spans"):
        lost = a["spans"] - a["exported"]
        check("2 threads: no span dropped at default settings", "%.0f of %.0f spans dropped (OpenTelemetry: %s delivered)" % (
            lost, a["spans"], delivered(o)), lost <= 0)
    for op in ("liveStart_idle", "liveStart_busy"):
        e = sampled.get(op)
        p99 = pct(e, "99.0")
        if p99 is not None:
            check("live start event p99 ≤ 5 ms (%s)" % op.split("_")[1], "p99 %.2f ms, max %.1f ms" % (p99 / 1000, pct(e, "100.0") / 1000),
                  p99 <= 5000)
    w = worker_ns(get("llmStep", "agentrace"))
    if w:
        check("worker ≥ 500,000 LLM steps/s on one core", "%.0f ns per span = %s/s" % (w, "{:,.0f}".format(1e9 / w)), w <= 2000)
    risk = singles.get("riskScanCleanChat")
    if risk and risk.get("bytesPerSecond"):
        gbs = risk["bytesPerSecond"] / 1e9
        check("risk scan ≥ 1 GB/s of clean chat text", "%.2f GB/s (15,881 bytes of clean support chat in %.1f µs)" % (
            gbs, risk["ns"] / 1000), gbs >= 1)
    schema = singles.get("schemaCheckSearch")
    if schema:
        check("schema check of a tool span ≥ 200,000/s", "%.0f ns = %s/s" % (schema["ns"], "{:,.0f}".format(1e9 / schema["ns"])),
              schema["ns"] <= 5000)
    a, o = get("otlpProtobuf512", "agentrace"), get("otlpProtobuf512", "otel")
    if a and o and a["bytes"] and o["bytes"]:
        check("OTLP protobuf of 512 spans allocates ≤ OpenTelemetry's bytes", "%.0f / %.0f B = %.2f×" % (
            a["bytes"], o["bytes"], a["bytes"] / o["bytes"]), a["bytes"] <= o["bytes"])
    j, oj = singles.get("jsonl512"), get("otlpJson512", "agentrace")
    if j and oj:
        check("JSONL encoding at least as fast as OTLP/JSON (512 spans)", "%.0f vs %.0f µs" % (j["ns"] / 1000, oj["ns"] / 1000),
              j["ns"] <= oj["ns"])
    if args.soak:
        with open(args.soak) as f:
            verdict = [line.strip() for line in f if line.strip().startswith("soak ")]
        if verdict:
            v = verdict[-1]
            check("10-minute soak: live heap and RSS flat", v.split(";", 1)[-1].strip(), "GREW" not in v)
    if args.soak:
        out.append("")
        out.append("## Soak")
        out.append("")
        out.append("`benchmarks/soak.sh` (not part of CI): `SustainedLoad --report-every 30` for 10 minutes, two producers at")
        out.append("2,000 agent-shaped traces per second each through the real JSONL exporter, 1 GB heap touched up front. Each")
        out.append("row follows a requested full collection: the live heap is what the SDK and the run really hold.")
        out.append("")
        out.append("```")
        with open(args.soak) as f:
            out.extend(line.rstrip("\n") for line in f if line.strip())
        out.append("```")
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
