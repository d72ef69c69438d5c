package dev.agentrace.exporters.reliability;

import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.SdkStats;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.export.DropReason;
import dev.agentrace.core.export.ExportResult;
import dev.agentrace.core.export.SpanExporter;
import dev.agentrace.exporters.jsonl.JsonlExporter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent in a child JVM that {@link CrashReliabilityTest} exits, terminates, kills or starves of file
 * space. Each span carries its sequence number ({@code seq}, from 0) so that the parent can tell from the
 * file which spans arrived. The child reports on stdout, one line per fact, flushed at once:
 * {@code ENDED n}, {@code FLUSHED n} (the first n spans are in the file), {@code STATS ...}.
 *
 * <p>Modes, {@code <mode> <file> [spans]}:
 * <ul>
 *   <li>{@code exit}: ends the spans and returns from main without flush or shutdown; only the SDK's
 *       shutdown hook can write the last partial batch (the batch delay is an hour);
 *   <li>{@code exit-slow}: the same behind an exporter that takes 200 ms a batch, so that the hook runs
 *       out of time;
 *   <li>{@code term}: the same as {@code exit}, then sleeps until a signal ends the JVM;
 *   <li>{@code kill}: produces spans continuously on one thread, flushes every 100 ms on another and reports
 *       each flush that succeeded;
 *   <li>{@code limit}: writes batches of about 110 KB under a file size limit the parent set, then shuts
 *       down and reports the stats.
 * </ul>
 */
public final class CrashChild {
  /** Room for every record a child writes (two per span), so that the scenarios lose nothing to overflow. */
  static final int QUEUE = 262_144;

  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Path file = Path.of(args[1]);
    switch (mode) {
      case "exit" -> endSpans(file, Integer.parseInt(args[2]), JsonlExporter.create(file));
      case "exit-slow" -> endSpans(file, Integer.parseInt(args[2]), slow(JsonlExporter.create(file)));
      case "term" -> {
        endSpans(file, Integer.parseInt(args[2]), JsonlExporter.create(file));
        Thread.sleep(Long.MAX_VALUE);
      }
      case "kill" -> produceAndFlushForever(file);
      case "limit" -> writeUnderFileSizeLimit(file);
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
  }

  private static void endSpans(Path file, int spans, SpanExporter exporter) {
    // Default shutdown hook; an hour's batch delay, so nothing but a full batch or the hook writes.
    AgentraceSdk sdk = AgentraceSdk.builder().agent("crash-child").queueCapacity(QUEUE)
        .batchDelay(Duration.ofHours(1))
        .exporter(exporter)
        .build();
    Tracer tracer = sdk.tracer();
    for (long i = 0; i < spans; i++) {
      tracer.span("step").attribute("seq", i).start().end();
    }
    report("ENDED " + spans);
  }

  /** {@code file} behind a link that takes 200 ms per batch: more than the hook's 5 s for a few thousand spans. */
  private static SpanExporter slow(JsonlExporter file) {
    return new SpanExporter() {
      @Override
      public ExportResult export(List<SpanData> batch) {
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return ExportResult.failure("interrupted");
        }
        return file.export(batch);
      }

      @Override
      public boolean exportsStarts() {
        return file.exportsStarts();
      }

      @Override
      public void shutdown() {
        file.shutdown();
      }
    };
  }

  private static void produceAndFlushForever(Path file) throws InterruptedException {
    AgentraceSdk sdk = AgentraceSdk.builder().agent("crash-child").queueCapacity(QUEUE)
        .exporter(JsonlExporter.create(file))
        .build();
    AtomicLong ended = new AtomicLong();
    Thread producer = new Thread(() -> {
      Tracer tracer = sdk.tracer();
      for (long i = 0; ; i++) {
        tracer.span("step").attribute("seq", i).start().end();
        // Published after end() returned, so a flush that reads n covers spans 0..n-1.
        ended.set(i + 1);
        if (i % 20 == 19) {
          // About 15,000 spans a second: steady work for the exporter, never an overflow.
          try {
            Thread.sleep(1);
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    }, "producer");
    producer.start();
    while (true) {
      Thread.sleep(100);
      long n = ended.get();
      if (sdk.flush(Duration.ofSeconds(30))) {
        report("FLUSHED " + n + " dropped=" + sdk.stats().spansDropped());
      }
    }
  }

  private static void writeUnderFileSizeLimit(Path file) {
    AgentraceSdk sdk = AgentraceSdk.builder().agent("crash-child").shutdownHook(false).batchSize(100)
        .exporter(JsonlExporter.builder(file).includeStarts(false).fsync(false).build())
        .build();
    Tracer tracer = sdk.tracer();
    String payload = "p".repeat(500);
    for (long i = 0; i < 1_000; i++) {
      tracer.span("step").attribute("seq", i).input(payload).start().end();
      if (i % 100 == 99) {
        sdk.flush(Duration.ofSeconds(30));
      }
    }
    SdkStats s = sdk.shutdown(Duration.ofSeconds(30));
    report("STATS exported=" + s.spansExported() + " export_failed=" + s.dropped(DropReason.EXPORT_FAILED)
        + " dropped=" + s.spansDropped());
  }

  private static void report(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
