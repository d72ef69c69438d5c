package dev.agentrace.testing;

import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.export.ExportResult;
import dev.agentrace.core.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An exporter that keeps every ended span it is given, in the order the pipeline delivered them (the
 * order the spans ended in). Registered like any other exporter, it sees spans after the SDK's worker
 * stages (conformance, redaction, metrics), exactly as a production exporter would.
 *
 * <pre>{@code
 * InMemorySpanExporter memory = InMemorySpanExporter.create();
 * AgentraceSdk sdk = AgentraceSdk.builder().exporter(memory).build();
 * ...
 * sdk.flush(Duration.ofSeconds(5));   // spans reach exporters in batches: flush before reading
 * List<SpanData> spans = memory.spans();
 * }</pre>
 *
 * <p>Thread-safe: the pipeline exports from its own thread while tests read from theirs. Keeps
 * everything until {@link #reset()}; meant for tests, not for long-running processes.
 */
public final class InMemorySpanExporter implements SpanExporter {
  private final List<SpanData> spans = new ArrayList<>();

  private InMemorySpanExporter() {}

  /** A new, empty exporter. */
  public static InMemorySpanExporter create() {
    return new InMemorySpanExporter();
  }

  @Override
  public ExportResult export(List<SpanData> batch) {
    synchronized (spans) {
      // Only ended spans arrive: the SDK sends live start events only to exporters that ask for them.
      spans.addAll(batch);
      spans.notifyAll();
    }
    return ExportResult.success();
  }

  /** A copy of the spans exported so far, in the order they arrived. */
  public List<SpanData> spans() {
    synchronized (spans) {
      return List.copyOf(spans);
    }
  }

  /** Forgets every span exported so far. */
  public void reset() {
    synchronized (spans) {
      spans.clear();
    }
  }

  /**
   * Waits until more than {@code seen} spans have been exported or {@code timeout} passes, whichever
   * comes first; returns whether more arrived. Lets a waiting test wake on a batch instead of polling.
   */
  boolean awaitMoreThan(int seen, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (spans) {
      while (spans.size() <= seen) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(spans, left);
      }
      return true;
    }
  }

  @Override
  public String toString() {
    synchronized (spans) {
      return "InMemorySpanExporter{" + spans.size() + " spans}";
    }
  }
}
