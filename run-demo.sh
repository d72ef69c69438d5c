#!/usr/bin/env bash
# Builds the SDK and runs the demo support agent (no server needed). Extra arguments go to the demo,
# e.g. ./run-demo.sh --otlp http://localhost:4318
# ./run-demo.sh --langchain4j [options] runs the LangChain4j order-desk agent instead, with the same options.
set -euo pipefail
cd "$(dirname "$0")"
. .ci/jdk.sh
require_jdk25
./mvnw -B -q -ntp -pl examples -am package -DskipTests
main=dev.agentrace.examples.SupportAgentDemo
if [ "${1:-}" = "--langchain4j" ]; then
  main=dev.agentrace.examples.LangChain4jAgentDemo
  shift
fi
exec "$JAVA_HOME/bin/java" -cp "examples/target/classes:examples/target/lib/*" "$main" "$@"
