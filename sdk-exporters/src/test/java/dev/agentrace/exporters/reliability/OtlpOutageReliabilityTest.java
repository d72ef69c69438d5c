package dev.agentrace.exporters.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.IdGenerator;
import dev.agentrace.core.SdkStats;
import dev.agentrace.core.export.DropReason;
import dev.agentrace.exporters.otlp.OtlpHttpExporter;
import dev.agentrace.exporters.reliability.FaultyCollector.Kind;
import dev.agentrace.exporters.reliability.FaultyCollector.Mode;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The OTLP exporter behind the real pipeline while its collector fails in every way a collector fails:
 * the port closed, requests stalled past the timeout, 503 with {@code Retry-After}, 429, 400, partial
 * success, and recovery. The collector is a real loopback HTTP server ({@link FaultyCollector}) that decodes
 * every request and keeps the server's side of the books, which the SDK's own counters must match.
 *
 * <p>Waits are on conditions (requests seen by the collector, {@code flush}), with generous limits; nothing
 * asserts on timing. The one fixed wait is how long the port stays closed, which only sets the fault's length.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class OtlpOutageReliabilityTest {
  private static final Duration WAIT = Duration.ofSeconds(120);

  private static AgentraceSdk.Builder sdk(String agent) {
    return AgentraceSdk.builder().agent(agent).version("1").environment("reliability")
        .idGenerator(IdGenerator.sequential())
        .shutdownHook(false);
  }

  /**
   * Short timeouts and backoffs so that a scenario takes seconds. The attempt timeout (2 s) is also how long
   * a stalled request lasts; it stays well above what an answered request takes on a loaded machine, since a
   * 200 the client timed out on would be sent again — a duplicate HTTP cannot rule out, not a lost span.
   */
  private static OtlpHttpExporter.Builder exporter(FaultyCollector collector) {
    return OtlpHttpExporter.builder().endpoint(collector.endpoint())
        .timeout(Duration.ofSeconds(2))
        .connectTimeout(Duration.ofSeconds(1))
        .initialBackoff(Duration.ofMillis(20));
  }

  /** Starts and ends {@code n} root spans, each with its own input; returns {@code n}. */
  private static int produce(Tracer tracer, int n, String payload) {
    for (int i = 0; i < n; i++) {
      tracer.span("step").kind(SpanKind.TOOL).input(payload + i).start().end();
    }
    return n;
  }

  private static BitSet range(int fromInclusive, int toInclusive) {
    BitSet b = new BitSet();
    b.set(fromInclusive, toInclusive + 1);
    return b;
  }

  @Test
  void outage_shorterThanBufferAndRetryBudget_deliversEverySpanExactlyOnce() throws Exception {
    int batch = 50;
    int perPhase = batch * Reliability.scale(2, 10);
    long refusedMillis = Reliability.scale(300L, 3000L);
    int repeats = Reliability.scale(2, 4);
    long began = System.nanoTime();
    try (FaultyCollector collector = FaultyCollector.start()) {
      // Room for every span of the outage, however the bursts are cut into batches: nothing may be dropped.
      AgentraceSdk sdk = sdk("outage-short").batchSize(batch).queueCapacity(8192).exporterBacklog(512)
          .exporter(exporter(collector).maxRetryTime(Duration.ofMinutes(2)).build())
          .build();
      Tracer tracer = sdk.tracer();
      int started = produce(tracer, batch, "before");
      // Connected and idle: the outage starts between requests, so no 200 is lost in flight.
      assertThat(sdk.flush(WAIT)).isTrue();
      assertThat(collector.arrived()).isEqualTo(range(1, batch));

      // The stall comes first, while the backoff is still short: each stalled attempt costs the 2 s timeout.
      collector.answer(Mode.stall());
      started += produce(tracer, perPhase, "stalled");
      // The exporter sends its next request only after giving up on the last: n stalled requests prove n - 1
      // timeouts. The last one is let go with a 503 when the mode changes.
      collector.awaitAnswered(Kind.STALLED, repeats, WAIT);

      collector.answer(Mode.tooManyRequests());
      started += produce(tracer, perPhase, "throttled");
      collector.awaitAnswered(Kind.TOO_MANY_REQUESTS, repeats, WAIT);

      collector.refuse();
      started += produce(tracer, perPhase, "refused");
      Thread.sleep(refusedMillis);

      collector.accept(Mode.unavailable("1"));
      started += produce(tracer, perPhase, "unavailable");
      collector.awaitAnswered(Kind.UNAVAILABLE, repeats, WAIT);

      collector.answer(Mode.ok());
      assertThat(sdk.flush(WAIT)).as("the backlog drains once the collector is back").isTrue();
      started += produce(tracer, batch, "after");
      SdkStats stats = sdk.shutdown(WAIT);

      assertThat(collector.problems()).isEmpty();
      assertThat(collector.duplicates()).as("spans that arrived twice").isZero();
      assertThat(collector.arrived()).as("every span started arrived").isEqualTo(range(1, started));
      assertThat(collector.refused().isEmpty() && collector.rejected().isEmpty()).isTrue();
      assertThat(stats.spansStarted()).isEqualTo(started);
      assertThat(stats.spansExported()).isEqualTo(started);
      assertThat(stats.droppedByReason()).isEmpty();
      assertThat(stats.exportFailures()).isZero();

      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began);
      Reliability.record(Reliability.row("OTLP outage shorter than buffer and retry budget, then recovery",
          started + " spans, 1 thread, bursts of " + batch,
          "stalled past the 2 s timeout ×" + (repeats - 1) + "; 429 ×" + repeats + "; connection refused " + refusedMillis
              + " ms; 503 + Retry-After: 1 ×" + repeats,
          stats, "every span arrived exactly once (ids checked); collector answers " + collector.answeredCounts()
              + "; " + seconds + " s"));
    }
  }

  @Test
  void outage_longerThanBufferAndRetryBudget_countsEverySpanAndKeepsMemoryBounded() throws Exception {
    int batch = 32;
    int queue = 1024;
    int backlog = 4;
    int producers = 2;
    int outageSpans = Reliability.scale(20_000, 300_000);
    long faultMillis = Reliability.scale(400L, 4000L);
    String payload = "x".repeat(4096);
    // What an exporter queue that grew without bound would hold at the end of the outage: the memory check
    // below is only a check if this dwarfs its limit.
    long unboundedBytes = (long) outageSpans * payload.length();
    long heapLimit = 32L << 20;
    assertThat(unboundedBytes).isGreaterThan(2 * heapLimit);
    // started - exported - dropped may hold: spans in the queue, the batch being filled, the batch being cut,
    // the backlog, the batch in the exporter's hands, and a span open on each producer.
    long inFlightBound = queue + (long) (backlog + 3) * batch + producers;
    long began = System.nanoTime();

    try (FaultyCollector collector = FaultyCollector.start()) {
      AgentraceSdk sdk = sdk("outage-long").batchSize(batch).batchDelay(Duration.ofMillis(20)).queueCapacity(queue)
          .exporterBacklog(backlog)
          .exporter(exporter(collector).maxRetryTime(Duration.ofMillis(250)).build())
          .build();
      Tracer tracer = sdk.tracer();
      int before = produce(tracer, 64, "before");
      assertThat(sdk.flush(WAIT)).isTrue();
      long heapBefore = usedHeapAfterGc();

      List<Thread> threads = new ArrayList<>();
      for (int p = 0; p < producers; p++) {
        Thread t = new Thread(() -> {
          for (int done = 0; done < outageSpans / producers; ) {
            done += produce(tracer, Math.min(64, outageSpans / producers - done), payload);
            // Paced, not flat out: the machine is shared, and an outage is about time, not peak rate.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
          }
        }, "producer-" + p);
        threads.add(t);
      }
      // A fault that holds each batch for its whole budget comes first, while the producers are at their
      // busiest, so that the buffer overflows whatever the machine's speed.
      Runnable[] faults = {
          collector::refuse, // backoff until the budget is spent
          () -> accept(collector, Mode.tooManyRequests()), // the same, with answers
          () -> collector.answer(Mode.stall()), // the 2 s timeout alone is past the budget
          () -> collector.answer(Mode.unavailable("1")), // Retry-After past the budget: failed at once
      };
      long maxInFlight = 0;
      threads.forEach(Thread::start);
      for (int f = 0; f < faults.length || threads.stream().anyMatch(Thread::isAlive); f++) {
        faults[f % faults.length].run();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(faultMillis);
        while (System.nanoTime() - until < 0) {
          // Started from one reading, settled from a later one: a span settles only after it started, so this
          // never overstates what was held at the first reading (stats() reads its counters one by one).
          long startedSoFar = sdk.stats().spansStarted();
          SdkStats later = sdk.stats();
          maxInFlight = Math.max(maxInFlight, startedSoFar - later.spansExported() - later.spansDropped());
          Thread.sleep(5);
        }
      }
      for (Thread t : threads) {
        t.join();
      }
      long heapDuring = usedHeapAfterGc();

      accept(collector, Mode.ok());
      assertThat(sdk.flush(WAIT)).as("what is left drains once the collector is back").isTrue();
      int afterFrom = (int) sdk.stats().spansStarted() + 1;
      int after = produce(tracer, 64, "after");
      assertThat(sdk.flush(WAIT)).isTrue();
      SdkStats stats = sdk.shutdown(WAIT);
      long started = before + (long) outageSpans + after;

      assertThat(collector.problems()).isEmpty();
      assertThat(stats.spansStarted()).isEqualTo(started);
      assertThat(stats.spansStarted()).as("started = exported + dropped")
          .isEqualTo(stats.spansExported() + stats.spansDropped());
      BitSet arrived = collector.arrived();
      assertThat(collector.duplicates()).as("spans that arrived twice").isZero();
      assertThat((long) arrived.cardinality()).as("the collector got exactly what the SDK counts as exported")
          .isEqualTo(stats.spansExported());
      assertThat(arrived.length() - 1L).as("highest id that arrived").isLessThanOrEqualTo(started);
      assertThat(arrived.get(1, before + 1)).as("before the outage").isEqualTo(range(0, before - 1));
      assertThat(arrived.get(afterFrom, afterFrom + after)).as("after recovery").isEqualTo(range(0, after - 1));
      assertThat(Set.of(DropReason.EXPORT_FAILED, DropReason.EXPORTER_BACKLOG, DropReason.QUEUE_FULL)).containsAll(stats.droppedByReason().keySet());
      assertThat(stats.dropped(DropReason.EXPORT_FAILED)).as("batches that spent their retry budget").isPositive();
      assertThat(stats.dropped(DropReason.EXPORTER_BACKLOG) + stats.dropped(DropReason.QUEUE_FULL)).as("the outage outgrew the buffer")
          .isPositive();
      assertThat(maxInFlight).as("spans held at once").isLessThanOrEqualTo(inFlightBound);
      assertThat(heapDuring - heapBefore).as("heap growth after GC while the outage holds").isLessThan(heapLimit);

      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began);
      Reliability.record(Reliability.row("OTLP outage longer than buffer and retry budget, then recovery",
          started + " spans of 4 KB input, " + producers + " threads; batch " + batch + ", queue " + queue + ", backlog "
              + backlog + ", retry budget 250 ms",
          "cycling connection refused, 429, stall past the 2 s timeout, 503 + Retry-After: 1; " + faultMillis
              + " ms each, until the producers finished",
          stats, "arrived = exported, no duplicates; most held at once " + maxInFlight + " (bound " + inFlightBound
              + "); heap after GC " + mib(heapBefore) + " → " + mib(heapDuring) + " MiB during the outage; " + seconds + " s"));
    }
  }

  @Test
  void finalAnswers_badRequestAndPartialSuccess_areCountedExactly() throws Exception {
    int batch = 20;
    int total = Reliability.scale(1_000, 20_000);
    int rejects = 3;
    long began = System.nanoTime();
    try (FaultyCollector collector = FaultyCollector.start()) {
      AgentraceSdk sdk = sdk("final-answers").batchSize(batch).queueCapacity(total).exporterBacklog(total / batch + 1)
          .exporter(exporter(collector).maxRetryTime(Duration.ofMinutes(2)).build())
          .build();
      // Request n is answered by n % 4: accepted, refused as malformed, 3 spans rejected, or 503 (whose retry
      // is the next request, so it is accepted).
      collector.answer(Mode.rotate(Mode.ok(), Mode.badRequest(), Mode.partial(rejects), Mode.unavailable("0")));
      int started = 0;
      while (started < total) {
        started += produce(sdk.tracer(), batch, "payload");
      }
      assertThat(sdk.flush(WAIT)).isTrue();
      SdkStats stats = sdk.shutdown(WAIT);

      BitSet arrived = collector.arrived();
      BitSet refused = collector.refused();
      BitSet rejected = collector.rejected();
      assertThat(collector.problems()).isEmpty();
      assertThat(collector.duplicates()).as("spans sent again after a final answer").isZero();
      assertThat(collector.answered(Kind.BAD_REQUEST)).isPositive();
      assertThat(collector.answered(Kind.PARTIAL)).isPositive();
      assertThat(collector.answered(Kind.UNAVAILABLE)).isPositive();
      BitSet all = (BitSet) arrived.clone();
      all.or(refused);
      all.or(rejected);
      assertThat(all).as("every span got exactly one final answer").isEqualTo(range(1, started));
      assertThat(all.cardinality()).isEqualTo(arrived.cardinality() + refused.cardinality() + rejected.cardinality());

      assertThat(stats.spansStarted()).isEqualTo(started);
      assertThat(stats.spansExported()).isEqualTo(arrived.cardinality());
      assertThat(stats.dropped(DropReason.EXPORT_FAILED)).as("spans in requests answered 400").isEqualTo(refused.cardinality());
      assertThat(stats.dropped(DropReason.EXPORT_REJECTED)).as("spans rejected in partial successes").isEqualTo(rejected.cardinality());
      assertThat(stats.droppedByReason().keySet()).containsOnly(DropReason.EXPORT_FAILED, DropReason.EXPORT_REJECTED);
      assertThat(stats.exportFailures()).isEqualTo(collector.answered(Kind.BAD_REQUEST));
      assertThat(stats.spansStarted()).isEqualTo(stats.spansExported() + stats.spansDropped());

      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began);
      Reliability.record(Reliability.row("OTLP final answers: 400 and partial success",
          started + " spans, batches of " + batch,
          "requests answered in turn 200, 400, 200 with " + rejects + " rejected, 503 + Retry-After: 0",
          stats, "collector: " + arrived.cardinality() + " arrived, " + refused.cardinality() + " refused (400), "
              + rejected.cardinality() + " rejected; answers " + collector.answeredCounts() + "; " + seconds + " s"));
    }
  }

  private static void accept(FaultyCollector collector, Mode mode) {
    try {
      collector.accept(mode);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("could not listen on the collector's port again", e);
    }
  }

  /** Used heap after full collections, the least of three readings (a collection may leave some garbage). */
  private static long usedHeapAfterGc() throws InterruptedException {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(20);
      least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return least;
  }

  private static long mib(long bytes) {
    return bytes >> 20;
  }
}
