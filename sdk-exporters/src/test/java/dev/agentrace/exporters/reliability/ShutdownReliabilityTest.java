package dev.agentrace.exporters.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.SdkStats;
import dev.agentrace.exporters.jsonl.JsonlExporter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shutdown: a burst of 100,000 spans ended, then {@code shutdown}, must reach a real exporter in full — the
 * JSONL file at its defaults (start records included, fsync per batch) read back line by line, with the
 * SDK at its default capacities. The same size in both variants: it is cheap, and it is the size the issue
 * names.
 *
 * <p>The burst comes faster than any file can take it (tens of milliseconds for 100,000 spans), so what it
 * needs is room: the default queue and exporter backlog hold 262,144 records, and the burst makes 200,000
 * (a start and an end per span). The worker stops draining while the exporter's backlog is full, so the
 * burst waits in the queue instead of overflowing the backlog.
 */
class ShutdownReliabilityTest {
  private static final int SPANS = 100_000;
  /** Far above what the drain takes; the time it did take is reported, measured against the hook's 5 s. */
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  @Test
  void shutdown_after100kSpansFromOneThread_exportsEveryOne() throws Exception {
    Burst b = burstThenShutdown(1);
    b.assertEverySpanExported();
    b.record("Shutdown right after a burst, 1 producer thread");
  }

  @Test
  void shutdown_after100kSpansFromFourThreads_exportsEveryOne() throws Exception {
    Burst b = burstThenShutdown(4);
    b.assertEverySpanExported();
    b.record("Shutdown right after a burst, 4 producer threads");
  }

  /** What a burst left: the SDK's final stats, the file read back, and the times. */
  private record Burst(int threads, SdkStats stats, JsonlFile written, long endingMillis, long shutdownMillis) {
    void assertEverySpanExported() {
      assertThat(stats.spansStarted()).isEqualTo(SPANS);
      assertThat(stats.spansEnded()).isEqualTo(SPANS);
      assertThat(stats.spansExported()).as("exported; %s", stats).isEqualTo(SPANS);
      assertThat(stats.droppedByReason()).isEmpty();
    }

    void record(String scenario) {
      Reliability.record(Reliability.row(scenario, threads + " × " + SPANS / threads + " spans ended as fast as possible",
          "none; SDK and JSONL exporter at their defaults (starts + fsync)", stats,
          String.format("ending took %d ms; shutdown drained the rest in %d ms (the hook allows 5,000 ms); %d records in the file",
              endingMillis, shutdownMillis, written.records().size())));
    }
  }

  /**
   * Ends {@link #SPANS} spans from {@code threads} threads as fast as they can, shuts down, and checks the
   * file against the stats: exactly the exported spans are in it, each once, every line whole.
   */
  private Burst burstThenShutdown(int threads) throws Exception {
    Path file = dir.resolve("burst-" + threads + ".jsonl");
    AgentraceSdk sdk = AgentraceSdk.builder().agent("shutdown-burst").shutdownHook(false)
        .exporter(JsonlExporter.create(file))
        .build();
    Tracer tracer = sdk.tracer();
    int perThread = SPANS / threads;
    List<Thread> producers = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      Thread th = new Thread(() -> {
        for (int i = 0; i < perThread; i++) {
          tracer.span("step").start().end();
        }
      }, "producer-" + t);
      producers.add(th);
      th.start();
    }
    for (Thread th : producers) {
      th.join();
    }
    long ended = System.nanoTime();
    SdkStats stats = sdk.shutdown(SHUTDOWN_TIMEOUT);
    long shutdownMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ended);

    JsonlFile written = JsonlFile.read(file);
    assertThat(written.tail()).as("bytes after the last newline").isEmpty();
    assertThat((long) written.ends().size()).as("end records; %s", stats).isEqualTo(stats.spansExported());
    assertThat((long) written.endSpanIds().size()).as("distinct span ids").isEqualTo(stats.spansExported());
    return new Burst(threads, stats, written, TimeUnit.NANOSECONDS.toMillis(ended - t0), shutdownMillis);
  }
}
