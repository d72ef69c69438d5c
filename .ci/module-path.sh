#!/usr/bin/env bash
# Runs a small application on the module path against the jars the build just made (the demo's runtime
# libraries in examples/target/lib): Agentrace's jars are automatic modules, so a package split across two
# of them, or code that only works on the class path, fails here. Runs on JDK 25 and, when present, JDK 17.
# Our jars declare no dependencies as modules can, so the application adds the module path's modules
# (--add-modules ALL-MODULE-PATH), as any application using automatic modules does.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/jdk.sh
require_jdk25
lib=examples/target/lib
src=.ci/module-path/dev.agentrace.smoke
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$JAVA_HOME/bin/javac" --release 17 --module-path "$lib" -d "$out" $(find "$src" -name '*.java')
run() {
  "$1/bin/java" --module-path "$lib:$out" --add-modules ALL-MODULE-PATH -m dev.agentrace.smoke/dev.agentrace.smoke.Main
}
echo "Module path on JDK 25:"
run "$JAVA_HOME"
if jdk17=$(find_jdk17); then
  echo "Module path on JDK 17:"
  run "$jdk17"
fi
