#!/usr/bin/env bash
# JFR execution-sample profiles of benchmarks that miss a target, summarised per thread (the agent's thread and
# the export worker): the top frames by self time and the methods most often on the stack. Writes one text file
# per benchmark to benchmarks/profiles/; benchmarks/RATIONALE.md reads them.
#
#   benchmarks/profile.sh                               the benchmarks named below
#   benchmarks/profile.sh 'SpanBenchmarks.startEnd_agentrace$'   one JMH regex
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/jdk.sh
require_jdk25
./mvnw -B -q -ntp -pl benchmarks -am package -DskipTests
mkdir -p benchmarks/profiles
if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=('SpanBenchmarks.startEnd_agentrace$' 'SpanBenchmarks.attributes3_agentrace$' 'SpanBenchmarks.parentChild_agentrace$'
    'SpanBenchmarks.llmStep_agentrace$' 'SpanBenchmarks.unsampled_agentrace$' 'SpanBenchmarks.unsampledReturned_agentrace$'
    'RiskBenchmarks.riskScanCleanChat$')
fi
for regex in "${targets[@]}"; do
  dir=$(mktemp -d)
  flock /tmp/jmh.lock "$JAVA_HOME/bin/java" -jar benchmarks/target/benchmarks.jar "$regex" -f 1 -wi 3 -i 5 -w 1s -r 1s \
    -prof "jfr:dir=$dir;configName=profile" > "$dir/jmh.log" 2>&1
  jfr=$(find "$dir" -name '*.jfr' | head -1)
  name=$(echo "$regex" | tr -d '$^\\' | tr '.' '_')
  "$JAVA_HOME/bin/jfr" print --json --stack-depth 64 --events jdk.ExecutionSample "$jfr" > "$dir/samples.json"
  {
    echo "# JFR execution samples of $regex (benchmarks/profile.sh, $(date -u '+%Y-%m-%d %H:%M UTC'))"
    grep -E "^[A-Za-z]+Benchmarks\.[A-Za-z0-9_]+ " "$dir/jmh.log" | grep -v ':jfr' || true
    python3 benchmarks/jfr-summary.py "$dir/samples.json"
  } > "benchmarks/profiles/$name.txt"
  rm -rf "$dir"
  echo "wrote benchmarks/profiles/$name.txt"
done
