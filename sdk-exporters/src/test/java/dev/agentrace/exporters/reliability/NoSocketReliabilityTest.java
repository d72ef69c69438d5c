package dev.agentrace.exporters.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With no network exporter the SDK opens no socket. Checked in a child JVM, so that no other test's
 * server or client can open or hold a socket during the count.
 */
class NoSocketReliabilityTest {
  @TempDir Path dir;

  @Test
  void noExporter_tracingThousandsOfSpans_opensNoSocketAndWritesNoFile() throws Exception {
    List<String> out = runChild("none");

    assertThat(out).contains("sockets=0", "started=10000 exported=10000 dropped=0");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
    record("no exporter (metrics and risk scanning on)", out);
  }

  @Test
  void localExportersOnly_tracingThousandsOfSpans_opensNoSocket() throws Exception {
    List<String> out = runChild("local");

    assertThat(out).contains("sockets=0", "started=10000 exported=10000 dropped=0");
    assertThat(Files.readAllLines(dir.resolve("spans.jsonl"))).hasSize(20_000);
    record("JSONL and console exporters", out);
  }

  private List<String> runChild(String mode) throws IOException, InterruptedException {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc to count sockets");
    Process p = new ProcessBuilder(Reliability.childJvm(NoSocketChild.class, mode, dir.toString()))
        .redirectErrorStream(true)
        .start();
    List<String> lines = new ArrayList<>();
    try (var reader = p.inputReader(StandardCharsets.UTF_8)) {
      reader.lines().forEach(lines::add);
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("child finished").isTrue();
    assertThat(p.exitValue()).as("child exit code; output:\n" + String.join("\n", lines)).isZero();
    return lines;
  }

  private static void record(String config, List<String> out) {
    String counts = out.stream().filter(l -> l.startsWith("started=")).findFirst().orElseThrow();
    Map<String, Long> n = new java.util.HashMap<>();
    for (String part : counts.split(" ")) {
      String[] kv = part.split("=");
      n.put(kv[0], Long.parseLong(kv[1]));
    }
    Reliability.record(new Reliability.Row("No network without a network exporter: " + config,
        "child JVM, 5,000 agent runs (10,000 spans) with LLM payloads holding an API key", "none",
        n.get("started"), n.get("exported"), n.get("dropped"), "0 sockets open in the process after shutdown (/proc/self/fd)"));
  }
}
