#!/usr/bin/env bash
# The 10-minute soak (not part of CI): two producer threads record agent-shaped traces (an agent run, an LLM
# call with a 5-message chat request as input, a tool call) through the real JSONL exporter for 600 s, at
# 2,000 traces per second each (12,000 spans/s, far above a real agent), with a 1 GB heap touched up front
# (so resident memory grows only if something outside the heap does). Every 30 s it
# forces a full collection and prints the live heap and the process's resident memory; the last line says
# whether both stayed flat. Writes benchmarks/results/soak.txt.
#
#   benchmarks/soak.sh                    the soak as documented in docs/performance.md
#   benchmarks/soak.sh --seconds 60       arguments after the script go to SustainedLoad as they are
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/jdk.sh
require_jdk25
./mvnw -B -q -ntp -pl benchmarks -am package -DskipTests
mkdir -p benchmarks/results
flock /tmp/jmh.lock "$JAVA_HOME/bin/java" -Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp benchmarks/target/benchmarks.jar \
  dev.agentrace.benchmarks.SustainedLoad --threads 2 --seconds 600 --rate 2000 --report-every 30 "$@" \
  2>/dev/null | tee benchmarks/results/soak.txt
