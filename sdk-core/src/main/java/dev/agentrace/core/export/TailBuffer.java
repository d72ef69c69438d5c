package dev.agentrace.core.export;

import dev.agentrace.api.internal.Fatal;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.internal.SdkCounters;
import dev.agentrace.core.internal.Warnings;
import dev.agentrace.core.internal.WorkerSpan;
import dev.agentrace.core.sampling.TailSamplingPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tail sampling on the export worker: holds each trace's ended spans (after the stages, so status, cost,
 * tokens, conformance, risk and scores are final) until its local root ends, then asks the {@link
 * TailSamplingPolicy} and moves the trace to the kept list, which the worker batches for the exporters the
 * decision applies to, or counts its spans as {@link DropReason#TAIL_SAMPLED}.
 *
 * <p>Accounting: every span given to {@link #add} is, at any moment, in exactly one place: held with its
 * trace, in the kept list (until the worker takes it into a batch, which then counts it as exported or
 * dropped), or counted as dropped. {@link #abandon} counts what is held and kept when shutdown runs out of
 * time. Byte-budget reservations ({@link WorkerSpan#bufferedBytes()}) travel with the spans: released on a
 * drop, handed to the batch on a keep.
 *
 * <p>Bounds: at most {@code maxTraces} traces and about {@code maxBytes} held (an estimate per span, see
 * {@link #estimate}); past either, or past {@code decisionTimeout} since a trace's first span, the oldest
 * trace is decided on the spans it has, and counted ({@link SdkCounters#tailDecidedEarly()}). Decisions are
 * remembered for a while (a bounded map), so spans that end after their trace was decided follow it.
 *
 * <p>Worker thread only: no synchronisation. The spans it holds are frozen.
 */
final class TailBuffer {
  /**
   * The fixed part of what one held span is taken to cost: the span object with its collections, its id and
   * name strings, and its share of its trace's entry here. The benchmarks' TailMemory harness measured 698 B
   * retained per held span (GC before and after) for an LLM span with a 600-character chat input beside a tool
   * call, about 350 B of it outside the payloads. Text counts at two bytes a character, the most a Java string
   * takes, so for ASCII payloads the estimate errs high: the cap is then met early, never passed.
   */
  static final int SPAN_BYTES = 400;
  /** Per attribute: the map entry, a boxed or string value. */
  static final int ATTRIBUTE_BYTES = 64;
  /** Per event: the event object, its name and attribute map. */
  static final int EVENT_BYTES = 160;

  private final TailSamplingPolicy policy;
  private final SdkCounters counters;
  private final ByteBudget budget;
  private final Set<Object> liveExporters;
  private final long timeoutNanos;
  private final int maxTraces;
  private final long maxBytes;
  /** Undecided traces, oldest first: the order of both the timeout and the eviction by the caps. */
  private final LinkedHashMap<TraceKey, Held> held = new LinkedHashMap<>();
  /** Recent decisions, for spans that end after their trace was decided; the oldest is forgotten. */
  private final LinkedHashMap<TraceKey, Boolean> decided;
  /** Reused for lookups, so a span costs no key allocation unless it starts a trace. */
  private final TraceKey probe = new TraceKey(0, 0);
  private long heldBytes;
  private List<SpanData> kept = new ArrayList<>();
  private long keptBudgetBytes;

  /**
   * @param liveExporters exporters that see every span whatever the policy decides (compared by identity)
   */
  TailBuffer(TailSamplingPolicy policy, Set<?> liveExporters, SdkCounters counters, ByteBudget budget) {
    this.policy = policy;
    this.counters = counters;
    this.budget = budget;
    Set<Object> live = Collections.newSetFromMap(new IdentityHashMap<>());
    live.addAll(liveExporters);
    this.liveExporters = live;
    this.timeoutNanos = saturatedNanos(policy.decisionTimeout());
    this.maxTraces = policy.maxTraces();
    this.maxBytes = policy.maxBytes();
    int remembered = Math.max(1024, maxTraces);
    this.decided = new LinkedHashMap<>(16, 0.75f, false) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<TraceKey, Boolean> eldest) {
        return size() > remembered;
      }
    };
  }

  /** Whether the policy's decision applies to {@code exporter}: not a live exporter, and it says it is tail-sampled. */
  boolean decides(SpanExporter exporter) {
    if (liveExporters.contains(exporter)) {
      return false;
    }
    try {
      return exporter.tailSampled();
    } catch (Throwable e) {
      Fatal.rethrowIfFatal(e);
      return true;
    }
  }

  /** Takes one ended, frozen span. */
  void add(WorkerSpan span, long nowNanos) {
    probe.high = span.traceIdHigh();
    probe.low = span.traceIdLow();
    boolean root = span.parentSpanIdLong() == 0 || span.remoteParent();
    Held h = held.isEmpty() ? null : held.get(probe);
    if (h == null) {
      Boolean decision = decided.isEmpty() ? null : decided.get(probe);
      if (decision != null) {
        late(span, decision);
        return;
      }
      if (root) {
        // A trace of one span here (or whose other spans end after it): decided at once, nothing to hold.
        decideAlone(span);
        return;
      }
      h = new Held(new TraceKey(probe.high, probe.low), nowNanos);
      held.put(h.key, h);
    }
    long bytes = estimate(span);
    h.spans.add(span);
    h.bytes += bytes;
    h.budgetBytes += span.bufferedBytes();
    heldBytes += bytes;
    if (root) {
      decide(h, false);
      return;
    }
    while (!held.isEmpty() && (held.size() > maxTraces || heldBytes > maxBytes)) {
      Warnings.once("tail-cap", "Tail sampling held more than maxTraces (" + maxTraces + ") traces or maxBytes ("
          + maxBytes + ") of spans; the oldest traces are decided on the spans they have (counted in"
          + " SdkStats.tracesDecidedEarly()). Raise the bounds if whole traces matter more than the memory.");
      decide(held.values().iterator().next(), true);
    }
  }

  /** Decides, on what they have, the traces held longer than the decision timeout. Cheap when none is due. */
  void expire(long nowNanos) {
    if (held.isEmpty()) {
      return;
    }
    for (Iterator<Held> it = held.values().iterator(); it.hasNext(); ) {
      Held h = it.next();
      if (nowNanos - h.firstNanos < timeoutNanos) {
        return;
      }
      it.remove();
      settle(h, true);
    }
  }

  /** Decides every held trace on what it has: the worker is stopping and no more spans will come. */
  void decideAll() {
    for (Iterator<Held> it = held.values().iterator(); it.hasNext(); ) {
      Held h = it.next();
      it.remove();
      settle(h, true);
    }
  }

  /** Kept spans waiting for a batch. */
  int keptCount() {
    return kept.size();
  }

  /** What the kept spans hold of the byte budget; read before {@link #takeKept()}. */
  long keptBudgetBytes() {
    return keptBudgetBytes;
  }

  /** The kept spans, for the next batch; the list starts over. */
  List<SpanData> takeKept() {
    List<SpanData> k = kept;
    kept = new ArrayList<>();
    keptBudgetBytes = 0;
    return k;
  }

  /** Shutdown's time is up: forgets everything held or kept, releases its bytes, and returns how many spans that was. */
  long abandon() {
    long lost = kept.size();
    budget.release(keptBudgetBytes);
    kept = new ArrayList<>();
    keptBudgetBytes = 0;
    for (Held h : held.values()) {
      lost += h.spans.size();
      budget.release(h.budgetBytes);
    }
    held.clear();
    heldBytes = 0;
    return lost;
  }

  /** Traces held undecided (for tests). */
  int heldTraces() {
    return held.size();
  }

  /** The estimated bytes held (for tests). */
  long heldBytes() {
    return heldBytes;
  }

  private void decide(Held h, boolean early) {
    held.remove(h.key);
    settle(h, early);
  }

  /** Applies the policy to a trace already out of {@link #held}. */
  private void settle(Held h, boolean early) {
    heldBytes -= h.bytes;
    if (early) {
      counters.tailDecidedEarly();
    }
    boolean keep = policy.keeps(h.spans);
    decided.put(h.key, keep);
    if (keep) {
      kept.addAll(h.spans);
      keptBudgetBytes += h.budgetBytes;
    } else {
      counters.dropped(DropReason.TAIL_SAMPLED, h.spans.size());
      budget.release(h.budgetBytes);
    }
  }

  private void decideAlone(WorkerSpan span) {
    boolean keep = policy.keeps(List.of(span));
    decided.put(new TraceKey(probe.high, probe.low), keep);
    if (keep) {
      kept.add(span);
      keptBudgetBytes += span.bufferedBytes();
    } else {
      counters.dropped(DropReason.TAIL_SAMPLED, 1);
      budget.release(span.bufferedBytes());
    }
  }

  /**
   * A span of a trace already decided: a kept trace keeps it; a dropped one drops it unless the span alone
   * matches a rule (an error that came late is still worth having).
   */
  private void late(WorkerSpan span, boolean keep) {
    if (keep || policy.keeps(List.of(span))) {
      kept.add(span);
      keptBudgetBytes += span.bufferedBytes();
    } else {
      counters.dropped(DropReason.TAIL_SAMPLED, 1);
      budget.release(span.bufferedBytes());
    }
  }

  /** What a held span is taken to cost: see {@link #SPAN_BYTES}; strings at two bytes a character. */
  static long estimate(WorkerSpan s) {
    long chars = (long) length(s.input()) + length(s.output()) + length(s.statusMessage());
    return SPAN_BYTES + 2 * chars + (long) ATTRIBUTE_BYTES * s.attributeCount() + (long) EVENT_BYTES * s.events().size();
  }

  private static int length(String s) {
    return s == null ? 0 : s.length();
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  /** A trace id; mutable only in the one instance used as a lookup probe, never in a key that is stored. */
  private static final class TraceKey {
    long high;
    long low;

    TraceKey(long high, long low) {
      this.high = high;
      this.low = low;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof TraceKey k && k.high == high && k.low == low;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(low) * 31 + Long.hashCode(high);
    }
  }

  /** One undecided trace: its spans in the order they ended, and what they are estimated to hold. */
  private static final class Held {
    final TraceKey key;
    final long firstNanos;
    final ArrayList<SpanData> spans = new ArrayList<>(4);
    long bytes;
    long budgetBytes;

    Held(TraceKey key, long firstNanos) {
      this.key = key;
      this.firstNanos = firstNanos;
    }
  }
}
