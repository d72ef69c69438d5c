package dev.agentrace.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.api.Span;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.internal.SdkCounters;
import dev.agentrace.core.internal.WorkerSpan;
import dev.agentrace.core.sampling.TailSamplingPolicy;
import dev.agentrace.core.trace.SpanAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The buffer's bounds and accounting, span by span, on the worker's side alone: real spans from an SDK with
 * no pipeline (so nothing else holds or counts them), fed in the order a worker would.
 */
class TailBufferTest {
  private final AgentraceSdk sdk = AgentraceSdk.builder().shutdownHook(false).metrics(false).build();
  private final Tracer tracer = sdk.tracer();
  private final SdkCounters counters = new SdkCounters();
  private final ByteBudget budget = new ByteBudget(Long.MAX_VALUE);

  @AfterEach
  void shutdown() {
    sdk.shutdown(Duration.ofSeconds(5));
  }

  /** {@code children} ended children of a root left open, and the root itself (not ended). */
  private List<WorkerSpan> openTrace(int children, String payload) {
    Span root = tracer.span("root").noParent().start();
    List<WorkerSpan> spans = new ArrayList<>();
    for (int i = 0; i < children; i++) {
      Span c = tracer.span("child").parent(root.context()).input(payload).start();
      c.end();
      spans.add(SpanAccess.worker(c));
    }
    spans.add(SpanAccess.worker(root));
    return spans;
  }

  @Test
  void manyOpenTraces_heldTracesStayWithinMaxTraces_everySpanAccounted() {
    TailSamplingPolicy policy = TailSamplingPolicy.builder().ratio(0.5).maxTraces(10).build();
    TailBuffer tail = new TailBuffer(policy, Set.of(), counters, budget);
    long added = 0;
    long kept = 0;
    for (int t = 0; t < 500; t++) {
      List<WorkerSpan> trace = openTrace(3, "small");
      for (WorkerSpan s : trace.subList(0, 3)) {
        tail.add(s, 0);
        added++;
        assertThat(tail.heldTraces()).isLessThanOrEqualTo(10);
      }
      kept += tail.takeKept().size();
    }
    assertThat(counters.tailDecidedEarlyCount()).isEqualTo(490);
    long dropped = counters.dropped(DropReason.TAIL_SAMPLED);
    assertThat(kept).isPositive();
    assertThat(dropped).isPositive();
    assertThat(added).isEqualTo(kept + dropped + tail.abandon());
  }

  @Test
  void largeSpans_heldBytesStayWithinMaxBytes_oversizedTraceDecidedAtOnce() {
    long maxBytes = 64 * 1024;
    TailSamplingPolicy policy = TailSamplingPolicy.builder().maxBytes(maxBytes).build();
    TailBuffer tail = new TailBuffer(policy, Set.of(), counters, budget);
    String big = "x".repeat(20_000);
    long added = 0;
    for (int t = 0; t < 50; t++) {
      for (WorkerSpan s : openTrace(t % 5, big).subList(0, t % 5)) {
        assertThat(TailBuffer.estimate(s)).isGreaterThan(40_000);
        tail.add(s, 0);
        added++;
        assertThat(tail.heldBytes()).isLessThanOrEqualTo(maxBytes);
      }
    }
    assertThat(counters.dropped(DropReason.TAIL_SAMPLED) + tail.abandon()).isEqualTo(added);
  }

  @Test
  void timeout_decidesOnlyTracesPastIt_oldestFirst() {
    TailSamplingPolicy policy = TailSamplingPolicy.builder().keepErrors().decisionTimeout(Duration.ofSeconds(1)).build();
    TailBuffer tail = new TailBuffer(policy, Set.of(), counters, budget);
    List<WorkerSpan> first = openTrace(1, "a");
    List<WorkerSpan> second = openTrace(1, "b");
    Span failing = tracer.span("failing").parent(first.get(1).spanContext()).start();
    failing.error("boom");
    failing.end();
    tail.add(first.get(0), 0);
    tail.add(SpanAccess.worker(failing), 500_000_000L);
    tail.add(second.get(0), 900_000_000L);

    tail.expire(999_999_999L);
    assertThat(tail.heldTraces()).isEqualTo(2);
    tail.expire(1_000_000_000L);
    assertThat(tail.heldTraces()).isEqualTo(1);
    assertThat(tail.takeKept()).extracting(s -> s.name()).containsExactly("child", "failing");
    assertThat(counters.tailDecidedEarlyCount()).isEqualTo(1);

    // The root ends later: it follows its trace's decision (kept), without a new early decision.
    tail.add(first.get(1), 5_000_000_000L);
    assertThat(tail.takeKept()).extracting(s -> s.name()).containsExactly("root");
    assertThat(tail.heldTraces()).isEqualTo(1);
  }

  @Test
  void liveExporters_notDecided_othersBySpi() {
    SpanExporter record = batch -> ExportResult.success();
    SpanExporter view = new SpanExporter() {
      @Override
      public ExportResult export(List<dev.agentrace.core.data.SpanData> batch) {
        return ExportResult.success();
      }

      @Override
      public boolean tailSampled() {
        return false;
      }
    };
    SpanExporter marked = batch -> ExportResult.success();
    TailBuffer tail = new TailBuffer(TailSamplingPolicy.builder().build(), Set.of(marked), counters, budget);
    assertThat(tail.decides(record)).isTrue();
    assertThat(tail.decides(view)).isFalse();
    assertThat(tail.decides(marked)).isFalse();
  }
}
