#!/usr/bin/env bash
# Builds the benchmark jar and runs the JMH suite, Agentrace and the OpenTelemetry SDK side by side (-prof gc
# for bytes per operation), writes benchmarks/results/jmh.json, and renders docs/performance.md from it.
# A full run also runs the sustained-load harness (SustainedLoad, 2 x 30 s) and adds its report.
#
#   benchmarks/run.sh                    the whole suite (about 15 minutes on 2 cores)
#   benchmarks/run.sh 'startEnd|floor'   only the benchmarks a JMH regex matches; rendered to
#                                        benchmarks/results/performance.md so a partial run never replaces
#                                        the page's full table
#   benchmarks/run.sh . -prof stack      arguments after the regex go to JMH as they are
#
# JMH_OPTS sets the run length (default: one fork, 3 warm-up and 5 measured iterations of 1 s).
# BENCH_NOTE adds a line to the page (e.g. what else the machine was doing).
# JMH runs one at a time per machine: the run waits for /tmp/jmh.lock.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/jdk.sh
require_jdk25

command="benchmarks/run.sh${*:+ $*}"
regex="${1:-.}"
if [ $# -gt 0 ]; then shift; fi
./mvnw -B -q -ntp -pl benchmarks -am package -DskipTests

mkdir -p benchmarks/results
json=benchmarks/results/jmh.json
info=benchmarks/results/machine.json
# shellcheck disable=SC2086
flock /tmp/jmh.lock "$JAVA_HOME/bin/java" -jar benchmarks/target/benchmarks.jar "$regex" \
  ${JMH_OPTS:--f 1 -wi 3 -i 5 -w 1s -r 1s} -prof gc -rf json -rff "$json" "$@"

# The machine and time of this run, so that rendering later (or elsewhere) does not describe another machine.
python3 - "$info" <<'PY'
import datetime, json, os, platform, sys
model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "unknown")
mem = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal:")), 0) / 1024 / 1024
json.dump({"machine": "%d cores (nproc), %s, %.1f GiB RAM, %s %s" % (os.cpu_count() or 0, model, mem, platform.system(),
                                                                  platform.release()),
           "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC") + " (when the run ended)"},
          open(sys.argv[1], "w"))
PY

sustained=()
if [ "$regex" = "." ]; then
  page=docs/performance.md
  # The full run also records what the pipeline sustains end to end through the real JSONL exporter:
  # flat out (its ceiling; overload is dropped and counted) and at a steady agent-like rate.
  out=benchmarks/results/sustained.txt
  : > "$out"
  for args in "--threads 2 --seconds 30" "--threads 2 --seconds 30 --rate 1000"; do
    # shellcheck disable=SC2086
    flock /tmp/jmh.lock "$JAVA_HOME/bin/java" -Xms2g -Xmx2g -cp benchmarks/target/benchmarks.jar \
      dev.agentrace.benchmarks.SustainedLoad $args 2>/dev/null | tee -a "$out"
  done
  sustained=(--sustained "$out")
  # The soak is its own 10-minute command (benchmarks/soak.sh); its latest output is shown with the run.
  if [ -s benchmarks/results/soak.txt ]; then
    sustained+=(--soak benchmarks/results/soak.txt)
  fi
else
  page=benchmarks/results/performance.md
fi
python3 benchmarks/render.py "$json" "$page" --note "${BENCH_NOTE:-}" --command "$command" "${sustained[@]}"
echo "Rendered $page from $json"
