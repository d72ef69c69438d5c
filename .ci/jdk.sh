# Sourced by the build scripts: locate the JDKs the build needs.
# find_jdk25 prints a JDK 25+ home: $JAVA_HOME if it is one, else the first /usr/lib/jvm/*25*.
# find_jdk17 prints a JDK 17 home ($JAVA17_HOME, else /usr/lib/jvm/*17*), used to prove the Java 17 path.

java_feature() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1
}

find_jdk25() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    v=$(java_feature "$JAVA_HOME")
    if [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null; then
      echo "$JAVA_HOME"; return 0
    fi
  fi
  for d in /usr/lib/jvm/*25*; do
    if [ -x "$d/bin/javac" ]; then echo "$d"; return 0; fi
  done
  return 1
}

find_jdk17() {
  if [ -n "${JAVA17_HOME:-}" ] && [ -x "$JAVA17_HOME/bin/java" ]; then echo "$JAVA17_HOME"; return 0; fi
  for d in /usr/lib/jvm/*17*; do
    if [ -x "$d/bin/java" ]; then echo "$d"; return 0; fi
  done
  return 1
}

require_jdk25() {
  if ! JAVA_HOME=$(find_jdk25); then
    cat >&2 <<'MSG'
error: Agentrace builds with JDK 25 and none was found.
  Looked at $JAVA_HOME and /usr/lib/jvm/*25*.
  Install a JDK 25 (for example Eclipse Temurin 25 from adoptium.net, or `sdk install java 25-tem`
  with SDKMAN) and either set JAVA_HOME to it or install it under /usr/lib/jvm.
  The published jars still run on Java 17+; only the build needs 25.
MSG
    exit 1
  fi
  export JAVA_HOME
  export PATH="$JAVA_HOME/bin:$PATH"
  # Maven 3.9 still touches sun.misc.Unsafe; keep JDK 25 from warning about it on every run.
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
}
