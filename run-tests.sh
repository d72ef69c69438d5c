#!/usr/bin/env bash
# Runs every test: no package split across modules; all modules on JDK 25, compiled with Error Prone
# (unit tests, then the packaged-jar tests that prove the ScopedValue context path); the built jars on the module path (JDK 25,
# and 17 when installed); the consumer projects in consumers/; then the core, schema and testing suites on JDK 17 when one is installed (the
# ThreadLocal fallback path). Installs Debian's chromium first when missing (the web view's browser tests). Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")"
. .ci/jdk.sh
require_jdk25
echo "Building and testing with JDK at $JAVA_HOME"
.ci/check-packages.sh
# The web view's browser tests drive a real headless Chromium (Debian's package).
.ci/install-chromium.sh
./mvnw -B -ntp -Perrorprone verify "$@"
.ci/module-path.sh
# Standalone user projects (consumers/) against the artifacts just built, installed into target/consumer-repo.
.ci/consumers.sh

if jdk17=$(find_jdk17); then
  echo "Running the core, schema and testing suites on JDK 17 at $jdk17"
  # "test", not "surefire:test": without the compile phase Maven resolves sibling modules from
  # ~/.m2 (stale or missing SNAPSHOTs) instead of their target/classes.
  ./mvnw -B -ntp -pl sdk-api,sdk-core,sdk-schema,sdk-testing test -Djvm="$jdk17/bin/java"
else
  echo "No JDK 17 found (set JAVA17_HOME): skipping the Java 17 run."
fi
