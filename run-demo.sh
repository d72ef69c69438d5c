#!/usr/bin/env bash
# Builds the SDK and runs the demo support agent (no server needed). Extra arguments go to the demo,
# e.g. ./run-demo.sh --otlp http://localhost:4318
set -euo pipefail
cd "$(dirname "$0")"
. .ci/jdk.sh
require_jdk25
./mvnw -B -q -ntp -pl examples -am package -DskipTests
exec "$JAVA_HOME/bin/java" -cp "examples/target/classes:examples/target/lib/*" dev.agentrace.examples.SupportAgentDemo "$@"
