#!/usr/bin/env bash
# Builds and tests the consumer projects in consumers/: each is a standalone Maven project, as a user
# would write it, that imports agentrace-bom and resolves Agentrace from a local repository.
#
# The just-built artifacts are installed into a private local repository (target/consumer-repo), never
# into ~/.m2: a SNAPSHOT there would shadow what other checkouts build. That repository is the
# consumers' local repository, chained to ~/.m2 as a read-only tail (maven.repo.local.tail, Maven 3.9+)
# so third-party artifacts already downloaded are reused; anything missing comes from Maven Central.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/jdk.sh
require_jdk25
repo="$PWD/target/consumer-repo"
tail="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}"
rm -rf "$repo/dev/agentrace"
mvn_consumer() {
  ./mvnw -B -ntp -Dmaven.repo.local="$repo" -Dmaven.repo.local.tail="$tail" "$@"
}
start=$SECONDS
published=(sdk-api sdk-core sdk-schema sdk-exporters sdk-testing integrations/langchain4j integrations/opentelemetry integrations/spring-boot)
version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -1)
echo "Installing the Agentrace $version artifacts into $repo, as the release profile makes them (unsigned)"
# The jars are already built by the reactor verify; install re-runs only up-to-date steps, and adds the
# sources and Javadoc jars Maven Central requires, so a Javadoc error fails here, not at release time.
mvn_consumer -q -DskipTests -Prelease -Dgpg.skip -pl "bom,$(IFS=,; echo "${published[*]}")" -am install
for dir in "${published[@]}"; do
  a=$(sed -n 's:^  <artifactId>\(agentrace-.*\)</artifactId>$:\1:p' "$dir/pom.xml" | head -1)
  for f in "$a-$version.jar" "$a-$version-sources.jar" "$a-$version-javadoc.jar"; do
    [[ -s "$repo/dev/agentrace/$a/$version/$f" ]] || { echo "Missing release artifact $f" >&2; exit 1; }
  done
done
echo "  installed in $((SECONDS - start)) s"

consumer() {  # consumer <dir> <label> [maven args...]
  local dir=$1 label=$2; shift 2
  local t=$SECONDS
  echo "Consumer $label"
  mvn_consumer -q -f "consumers/$dir/pom.xml" clean verify -Dagentrace.version="$version" "$@"
  echo "  passed in $((SECONDS - t)) s"
}

if jdk17=$(find_jdk17); then
  jvm=(-Djvm="$jdk17/bin/java")
  on="JDK 17"
else
  echo "No JDK 17 found (set JAVA17_HOME): the Java 17 consumers run their tests on JDK 25."
  jvm=()
  on="JDK 25"
fi
# docs/getting-started.md as a project (JUnit 5.11, AssertJ 3.26: the middle of the range).
consumer getting-started "getting-started (the docs page, JUnit 5.11, tests on $on)" "${jvm[@]}"
# Both ends of the supported JUnit 5 / AssertJ range: the user's versions must win.
consumer plain-junit510 "plain-junit510 (JUnit 5.10, AssertJ 3.24, tests on $on)" "${jvm[@]}"
consumer plain-junit510 "plain-junit510 (JUnit 5.14, AssertJ 3.27, tests on $on)" "${jvm[@]}" \
  -Djunit.version=5.14.1 -Dassertj.version=3.27.6
# Spring Boot's BOM imported: tracing with no override; schemas with agentrace-bom imported first.
# Spring Boot 3.x tests run on JDK 17 (its baseline); so do 4.0's.
consumer spring-boot-35 "spring-boot-35 (Spring Boot 3.5.7 BOM, tests on $on)" "${jvm[@]}"
consumer spring-boot-40 "spring-boot-40 (Spring Boot 4.0.7 BOM, JUnit 6, tests on $on)" "${jvm[@]}"
# A LangChain4j user: their LangChain4j 1.19.0 with agentrace-langchain4j, tests on JDK 17 (the jar's target).
consumer langchain4j-119 "langchain4j-119 (LangChain4j 1.19.0, tests on $on)" "${jvm[@]}"
# The starter (built on Boot 3.5 / Spring AI 1.1) under Boot 4.0.7 and Spring AI 2.0.1: examples-spring's app and test.
consumer spring-boot-40-starter "spring-boot-40-starter (agentrace-spring-boot-starter on Spring Boot 4.0.7, Spring AI 2.0.1, tests on $on)" "${jvm[@]}"
echo "Consumers passed in $((SECONDS - start)) s"
