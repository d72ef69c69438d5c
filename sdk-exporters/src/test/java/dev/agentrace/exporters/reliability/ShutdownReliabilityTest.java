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
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, shutdown: a burst of 100,000 spans ended, then {@code shutdown}, must reach a real exporter in
 * full — the JSONL file at its defaults (start records included, fsync per batch) read back line by line.
 * The same size in both variants: it is cheap, and it is the size the issue names.
 *
 * <p>The burst comes faster than any file can take it, so what it needs is room: a queue of
 * {@value #BURST_QUEUE} holds its 200,000 records (a start and an end per span). At the default capacities
 * the burst overflows the exporter's backlog; that scenario checks that every loss is counted and reports
 * how many.
 */
class ShutdownReliabilityTest {
  private static final int SPANS = 100_000;
  /** Far above what the drain takes; the time it did take is reported, measured against the hook's 5 s. */
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);

  /** Room for the whole burst: 100,000 start records and 100,000 end records. */
  private static final int BURST_QUEUE = 262_144;

  @TempDir
  Path dir;

  @Test
  void shutdown_after100kSpansFromOneThread_exportsEveryOne() throws Exception {
    Burst b = burstThenShutdown(1, BURST_QUEUE);
    b.assertEverySpanExported();
    b.record("Shutdown right after a burst, 1 producer thread", "queue " + BURST_QUEUE);
  }

  @Test
  void shutdown_after100kSpansFromFourThreads_exportsEveryOne() throws Exception {
    Burst b = burstThenShutdown(4, BURST_QUEUE);
    b.assertEverySpanExported();
    b.record("Shutdown right after a burst, 4 producer threads", "queue " + BURST_QUEUE);
  }

  @Test
  void shutdown_after100kSpansAtDefaultCapacities_countsEveryLoss() throws Exception {
    Burst b = burstThenShutdown(4, AgentraceSdk.DEFAULT_QUEUE_CAPACITY);
    assertThat(b.stats.spansStarted()).isEqualTo(SPANS);
    assertThat(b.stats.spansStarted()).as("accounting: %s", b.stats)
        .isEqualTo(b.stats.spansExported() + b.stats.spansDropped());
    assertThat(Set.of("queue_full", "buffer_full", "exporter_backlog")).containsAll(b.stats.droppedByReason().keySet());
    b.record("Burst of 100,000 at default capacities, then shutdown", "default queue " + AgentraceSdk.DEFAULT_QUEUE_CAPACITY
        + " and backlog");
  }

  /** What a burst left: the SDK's final stats, the file read back, and the times. */
  private record Burst(int threads, SdkStats stats, JsonlFile written, long endingMillis, long shutdownMillis) {
    void assertEverySpanExported() {
      assertThat(stats.spansStarted()).isEqualTo(SPANS);
      assertThat(stats.spansEnded()).isEqualTo(SPANS);
      assertThat(stats.spansExported()).as("exported; %s", stats).isEqualTo(SPANS);
      assertThat(stats.droppedByReason()).isEmpty();
    }

    void record(String scenario, String capacities) {
      Reliability.record(Reliability.row(scenario, threads + " × " + SPANS / threads + " spans ended as fast as possible",
          "none; JSONL at defaults (starts + fsync); " + capacities, stats,
          String.format("ending took %d ms; shutdown drained the rest in %d ms (the hook allows 5,000 ms); %d records in the file",
              endingMillis, shutdownMillis, written.records().size())));
    }
  }

  /**
   * Ends {@link #SPANS} spans from {@code threads} threads as fast as they can, shuts down, and checks the
   * file against the stats: exactly the exported spans are in it, each once, every line whole.
   */
  private Burst burstThenShutdown(int threads, int queueCapacity) throws Exception {
    Path file = dir.resolve("burst-" + threads + "-" + queueCapacity + ".jsonl");
    AgentraceSdk sdk = AgentraceSdk.builder().agent("shutdown-burst").shutdownHook(false).queueCapacity(queueCapacity)
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
