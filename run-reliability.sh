#!/usr/bin/env bash
# Runs the reliability scenarios (every *ReliabilityTest) at full size and renders their report rows into
# the table of docs/reliability.md. ./run-tests.sh runs the same scenarios at CI size on every build.
#
#   ./run-reliability.sh                      the full variant (several minutes on 2 cores)
#   ./run-reliability.sh -Dagentrace.fuzz.seed=42   extra arguments go to Maven, e.g. a seed to replay
#
# Rows are written to sdk-exporters/target/reliability/full.jsonl, one per scenario, by the tests
# themselves after their assertions pass; a failed scenario fails the run and renders nothing.
set -euo pipefail
cd "$(dirname "$0")"
. .ci/jdk.sh
require_jdk25

rows=sdk-exporters/target/reliability/full.jsonl
rm -f "$rows"
./mvnw -B -ntp -pl sdk-exporters -am verify -DskipITs \
  -Dtest='*ReliabilityTest' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dagentrace.reliability=full "$@"
python3 .ci/render-reliability.py "$rows" docs/reliability.md
echo "Rendered $(wc -l < "$rows") scenarios into docs/reliability.md"
