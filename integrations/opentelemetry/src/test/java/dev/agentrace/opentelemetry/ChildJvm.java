package dev.agentrace.opentelemetry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Child JVMs for the tests: the running JDK, the test's own class path, output collected line by line. */
final class ChildJvm {
  private ChildJvm() {}

  /** A jar fetched by the build into target/test-jars (see the module's pom). */
  static Path testJar(String name) {
    Path jar = Paths.get(System.getProperty("otel.test.jars", "target/test-jars")).resolve(name);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run the build (mvn verify), which fetches it");
    }
    return jar;
  }

  static String java() {
    return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Runs a command to completion; returns its merged output lines. Fails on timeout or a non-zero exit. */
  static List<String> run(List<String> command, Duration timeout) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          synchronized (lines) {
            lines.add(line);
          }
        }
      } catch (IOException ignored) {
        // The process ended; what was read is kept.
      }
    }, "child-jvm-output");
    reader.start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("child JVM did not finish within " + timeout + ": " + snapshot(lines));
    }
    reader.join(10_000);
    if (p.exitValue() != 0) {
      throw new AssertionError("child JVM exited with " + p.exitValue() + ": " + snapshot(lines));
    }
    return snapshot(lines);
  }

  private static List<String> snapshot(List<String> lines) {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** The fields of the first output line starting with {@code prefix + " "}. */
  static String[] line(List<String> lines, String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix + " ")).findFirst()
        .orElseThrow(() -> new AssertionError("no '" + prefix + "' line in " + lines)).split(" ");
  }
}
