package dev.agentrace.core.internal;

import dev.agentrace.core.export.DropReason;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The SDK's event counts that are not per-thread span counts: spans exported and dropped (by reason), export
 * failures, spans never ended, schema violations per type, instrumentation errors. Not API: public so that
 * the export pipeline and the worker stages, in their own packages, count into the SDK's stats; it may
 * change in any release.
 *
 * <p>Thread-safe and contention-free for writers ({@link LongAdder}s); a read is a sum, consistent per counter
 * but not across counters.
 */
public final class SdkCounters {
  private final LongAdder exported = new LongAdder();
  private final LongAdder exportFailures = new LongAdder();
  private final LongAdder neverEnded = new LongAdder();
  private final LongAdder instrumentationErrors = new LongAdder();
  private final LongAdder tailDecidedEarly = new LongAdder();
  private final LongAdder[] dropped = new LongAdder[DropReason.values().length];
  private final ConcurrentHashMap<String, LongAdder> violations = new ConcurrentHashMap<>();

  /** Counters at zero. */
  public SdkCounters() {
    for (int i = 0; i < dropped.length; i++) {
      dropped[i] = new LongAdder();
    }
  }

  /** Counts {@code n} spans dropped for {@code reason}. */
  public void dropped(DropReason reason, long n) {
    dropped[reason.ordinal()].add(n);
  }

  /** Spans dropped for {@code reason} so far. */
  public long dropped(DropReason reason) {
    return dropped[reason.ordinal()].sum();
  }

  /** Spans dropped so far, by reason; reasons with none are left out. */
  public Map<DropReason, Long> droppedByReason() {
    Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
    for (DropReason r : DropReason.values()) {
      long n = dropped[r.ordinal()].sum();
      if (n != 0) {
        out.put(r, n);
      }
    }
    return out;
  }

  /** Counts {@code n} spans every exporter accepted. */
  public void exported(long n) {
    exported.add(n);
  }

  /** Spans exported so far. */
  public long exported() {
    return exported.sum();
  }

  /** Counts one failed export call. */
  public void exportFailed() {
    exportFailures.increment();
  }

  /** Failed export calls so far. */
  public long exportFailures() {
    return exportFailures.sum();
  }

  /** Counts one span ended by the SDK because its owner never ended it. */
  public void neverEnded() {
    neverEnded.increment();
  }

  /** Spans never ended by their owner so far. */
  public long neverEndedCount() {
    return neverEnded.sum();
  }

  /** Counts one trace tail sampling decided before its local root ended (a cap, the timeout, shutdown). */
  public void tailDecidedEarly() {
    tailDecidedEarly.increment();
  }

  /** Traces tail sampling decided before their local root ended, so far. */
  public long tailDecidedEarlyCount() {
    return tailDecidedEarly.sum();
  }

  /** Counts one instrumentation mistake (a bad argument, a context mistake, ...). */
  public void instrumentationError() {
    instrumentationErrors.increment();
  }

  /**
   * Counts one instrumentation mistake and logs {@code message} the first time this {@code kind} of mistake
   * is seen ({@link Warnings#once}).
   */
  public void instrumentationError(String kind, String message) {
    instrumentationErrors.increment();
    Warnings.once(kind, message);
  }

  /** Instrumentation mistakes so far. */
  public long instrumentationErrors() {
    return instrumentationErrors.sum();
  }

  /** Counts one span of {@code type} that violated the activity schema. */
  public void violation(String type) {
    violations.computeIfAbsent(type, k -> new LongAdder()).increment();
  }

  /** Schema violations so far, per span type. */
  public Map<String, Long> violationsByType() {
    Map<String, Long> out = new LinkedHashMap<>();
    violations.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
