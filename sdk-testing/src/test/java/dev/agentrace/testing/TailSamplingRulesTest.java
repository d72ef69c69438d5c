package dev.agentrace.testing;

import static dev.agentrace.testing.AgentraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.IdGenerator;
import dev.agentrace.core.SdkStats;
import dev.agentrace.core.data.Conformance;
import dev.agentrace.core.data.RiskLevel;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.data.Violation;
import dev.agentrace.core.export.DropReason;
import dev.agentrace.core.sampling.TailSamplingPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One decision per rule, through the SDK's real pipeline: each test records one trace that crosses exactly
 * one rule's threshold (kept whole), or stays at it (dropped and counted), with every other rule quiet. The
 * in-memory exporter is a record exporter, so it sees only what the policy keeps.
 */
class TailSamplingRulesTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  static final TailSamplingPolicy POLICY = TailSamplingPolicy.builder()
      .keepErrors()
      .keepSlowerThan(Duration.ofSeconds(30))
      .keepCostAbove(0.50)
      .keepTokensAbove(10_000)
      .keepNonConforming()
      .keepRiskAtLeast(RiskLevel.HIGH)
      .keepScoreBelow("faithfulness", 0.7)
      .keepIf(trace -> trace.stream().anyMatch(s -> s.name().equals("refund")))
      .build();

  @RegisterExtension final AgentraceExtension tracing = AgentraceExtension.builder()
      .deterministic()
      .configure(b -> b.tailSampling(POLICY)
          .activitySchema((type, in, out) -> "forbidden".equals(type)
              ? Conformance.violates(List.of(new Violation("output", "/", "type", "forbidden step")))
              : Conformance.conforms()))
      .build();

  /** A root with two children; {@code step} shapes the second child. Returns the trace id. */
  private String run(java.util.function.Consumer<Span> step) {
    Tracer tracer = tracing.tracer();
    Span root = tracer.span("handle_ticket").kind(SpanKind.AGENT).start();
    tracer.span("plan").kind(SpanKind.LLM).start().end();
    Span child = tracer.span("answer").kind(SpanKind.LLM).start();
    step.accept(child);
    child.end();
    root.end();
    return root.context().traceId();
  }

  private void assertKeptWhole() {
    assertThat(tracing.trace()).hasRoot("handle_ticket").hasChildren("plan", "answer");
    assertThat(tracing.sdk().stats().dropped(DropReason.TAIL_SAMPLED)).isZero();
  }

  private void assertDropped() {
    assertThat(tracing.spans()).isEmpty();
    SdkStats stats = tracing.sdk().stats();
    assertThat(stats.dropped(DropReason.TAIL_SAMPLED)).isEqualTo(3);
    assertThat(stats.spansEnded()).isEqualTo(3);
    assertThat(stats.tracesDecidedEarly()).isZero();
  }

  @Test
  void healthyTrace_noRuleMatchesAndRatioZero_droppedAndCounted() {
    run(s -> s.usage(100, 50).cost(0.01).score("faithfulness", 0.9));
    assertDropped();
    // Metrics still saw every span: the decision is only about exporting.
    assertThat(tracing.sdk().metrics().snapshot().latency("llm").count()).isEqualTo(2);
    assertThat(tracing.sdk().metrics().snapshot().latency("agent").count()).isEqualTo(1);
  }

  @Test
  void keepErrors_oneChildFailed_wholeTraceKept() {
    run(s -> s.error("tool timed out"));
    assertKeptWhole();
  }

  @Test
  void keepSlowerThan_overThreshold_kept() {
    run(s -> tracing.clock().advance(Duration.ofSeconds(31)));
    assertKeptWhole();
  }

  @Test
  void keepSlowerThan_exactlyAtThreshold_dropped() {
    run(s -> tracing.clock().advance(Duration.ofSeconds(30)));
    assertDropped();
  }

  @Test
  void keepCostAbove_costSummedOverSpans_kept() {
    Tracer tracer = tracing.tracer();
    Span root = tracer.span("handle_ticket").start();
    tracer.span("plan").start().cost(0.30).end();
    tracer.span("answer").start().cost(0.30).end();
    root.end();
    assertKeptWhole();
  }

  @Test
  void keepCostAbove_totalAtThreshold_dropped() {
    run(s -> s.cost(0.50));
    assertDropped();
  }

  @Test
  void keepTokensAbove_overThreshold_kept() {
    run(s -> s.usage(9_000, 1_001));
    assertKeptWhole();
  }

  @Test
  void keepTokensAbove_atThreshold_dropped() {
    run(s -> s.usage(9_000, 1_000));
    assertDropped();
  }

  @Test
  void keepNonConforming_schemaViolation_kept() {
    Tracer tracer = tracing.tracer();
    Span root = tracer.span("handle_ticket").start();
    tracer.span("plan").start().end();
    tracer.span("answer").type("forbidden").start().end();
    root.end();
    assertKeptWhole();
    assertThat(tracing.span("answer").conformance().isFlagged()).isTrue();
  }

  @Test
  void keepRiskAtLeast_cardNumberIsHigh_kept() {
    run(s -> s.output("charge card 4111 1111 1111 1111 please"));
    assertKeptWhole();
    assertThat(tracing.span("answer").risk().level()).isEqualTo(RiskLevel.HIGH);
  }

  @Test
  void keepRiskAtLeast_emailIsBelowHigh_dropped() {
    run(s -> s.output("write to jane.doe@example.com"));
    assertDropped();
  }

  @Test
  void keepScoreBelow_lowScore_kept() {
    run(s -> s.score("faithfulness", 0.4));
    assertKeptWhole();
  }

  @Test
  void keepScoreBelow_otherScoreLow_dropped() {
    run(s -> s.score("politeness", 0.1).score("faithfulness", 0.7));
    assertDropped();
  }

  @Test
  void keepIf_predicateMatches_kept() {
    Tracer tracer = tracing.tracer();
    Span root = tracer.span("handle_ticket").start();
    tracer.span("plan").start().end();
    tracer.span("answer").start().end();
    tracer.span("refund").start().end();
    root.end();
    assertThat(tracing.trace()).hasRoot("handle_ticket").hasChildren("plan", "answer", "refund");
  }

  @Test
  void childEndingAfterItsRoot_followsTheDecision() {
    Tracer tracer = tracing.tracer();
    Span root = tracer.span("handle_ticket").start();
    Span late = tracer.span("late_tool").start();
    root.error("failed");
    root.end();
    late.end();
    assertThat(tracing.spans()).extracting(SpanData::name).containsExactly("handle_ticket", "late_tool");
  }

  @Test
  void lateErrorOfADroppedTrace_keptOnItsOwn() {
    Tracer tracer = tracing.tracer();
    Span root = tracer.span("handle_ticket").start();
    Span ok = tracer.span("late_ok").start();
    Span failing = tracer.span("late_failure").start();
    root.end();
    ok.end();
    failing.error("after the answer");
    failing.end();
    assertThat(tracing.spans()).extracting(SpanData::name).containsExactly("late_failure");
    assertThat(tracing.sdk().stats().dropped(DropReason.TAIL_SAMPLED)).isEqualTo(2);
  }

  @Test
  void throwingPredicate_countsAsAMatch() {
    run(s -> s.error("kept, so that there are real spans to ask about"));
    List<SpanData> spans = tracing.spans();
    TailSamplingPolicy throwing = TailSamplingPolicy.builder().keepIf(trace -> {
      throw new IllegalStateException("bug in the predicate");
    }).build();
    TailSamplingPolicy quiet = TailSamplingPolicy.builder().keepIf(trace -> false).build();
    assertThat(throwing.keeps(spans)).isTrue();
    assertThat(quiet.keeps(spans)).isFalse();
  }

  /** Ratio decisions by trace id, as {@code Sampler.ratio}: ids below half of 2^63 are in a 0.5 ratio. */
  @Nested
  class Ratio {
    private final AtomicLong nextLow = new AtomicLong();

    @RegisterExtension final AgentraceExtension ratio = AgentraceExtension.builder()
        .deterministic()
        .configure(b -> b.tailSampling(TailSamplingPolicy.builder().ratio(0.5).build())
            .idGenerator(new IdGenerator() {
              private final AtomicLong span = new AtomicLong();

              @Override
              public long newSpanId() {
                return span.incrementAndGet();
              }

              @Override
              public long newTraceIdHigh() {
                return 1;
              }

              @Override
              public long newTraceIdLow() {
                return nextLow.get();
              }
            }))
        .build();

    @Test
    void ratio_traceIdInsideTheShare_keptOutsideDropped() {
      Tracer tracer = ratio.tracer();
      nextLow.set(Long.MAX_VALUE / 2 - 1);
      tracer.span("inside").run(() -> tracer.span("child").start().end());
      nextLow.set(Long.MAX_VALUE / 2 + 1);
      tracer.span("outside").run(() -> tracer.span("child").start().end());
      assertThat(ratio.spans()).extracting(SpanData::name).containsExactly("child", "inside");
      assertThat(ratio.sdk().stats().dropped(DropReason.TAIL_SAMPLED)).isEqualTo(2);
    }
  }

  @Test
  void builder_badValues_throwNamingThem() {
    assertThatThrownBy(() -> TailSamplingPolicy.builder().ratio(1.5)).hasMessageContaining("1.5");
    assertThatThrownBy(() -> TailSamplingPolicy.builder().keepRiskAtLeast(RiskLevel.NONE)).hasMessageContaining("NONE");
    assertThatThrownBy(() -> TailSamplingPolicy.builder().keepCostAbove(Double.NaN)).hasMessageContaining("keepCostAbove");
    assertThatThrownBy(() -> TailSamplingPolicy.builder().maxBytes(1000)).hasMessageContaining("1000");
    assertThatThrownBy(() -> TailSamplingPolicy.builder().decisionTimeout(Duration.ZERO)).hasMessageContaining("decisionTimeout");
    assertThatThrownBy(() -> TailSamplingPolicy.builder().keepScoreBelow(" ", 0.5)).hasMessageContaining("keepScoreBelow");
    assertThatThrownBy(() -> TailSamplingPolicy.builder().maxTraces(0)).hasMessageContaining("maxTraces");
  }
}
