package dev.agentrace.core.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.TestSdk;
import dev.agentrace.core.metrics.Distribution;
import dev.agentrace.core.metrics.MetricsSnapshot;
import java.time.Duration;
import java.time.LocalDate;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CostTest {
  private static final Offset<Double> EXACT = Offset.offset(1e-12);
  private static final PriceTable PRICES = PriceTable.builder().effectiveDate(LocalDate.of(2025, 11, 1))
      .model("gpt-4o*", 2.50, 10.00, 1.25)
      .model(new ModelPrice("thinker", 1.00, 4.00, 0.10, 8.00))
      .build();

  private final TestSdk t = TestSdk.create(AgentraceSdk.builder().agent("bot").priceTable(PRICES));

  @AfterEach
  void shutDown() {
    t.sdk.shutdown(Duration.ofSeconds(5));
  }

  private Span llm(String name, String model) {
    return t.tracer().span(name).kind(SpanKind.LLM).model(model).start();
  }

  @Test
  void usageAndKnownModel_noExplicitCost_costComputedFromPriceTable() {
    try (Span s = llm("plan", "gpt-4o-2024-08-06")) {
      s.usage(1_000_000, 100_000);
    }

    assertThat(t.span("plan").cost()).isCloseTo(2.50 + 1.00, EXACT);
  }

  @Test
  void cachedInputTokens_pricedAtTheCachedRateInsteadOfInput_notTwice() {
    try (Span s = llm("plan", "gpt-4o")) {
      s.usage(1_000_000, 0, 400_000, 0); // 600k uncached at 2.50, 400k cached at 1.25
    }

    assertThat(t.span("plan").cost()).isCloseTo(0.6 * 2.50 + 0.4 * 1.25, EXACT);
  }

  @Test
  void reasoningTokens_pricedSeparatelyWhenTheModelSaysSo_notTwice() {
    try (Span s = llm("think", "thinker")) {
      s.usage(0, 1_000_000, 0, 250_000); // 750k visible output at 4.00, 250k reasoning at 8.00
    }

    assertThat(t.span("think").cost()).isCloseTo(0.75 * 4.00 + 0.25 * 8.00, EXACT);
  }

  @Test
  void explicitCost_wins_overTheComputedOne() {
    try (Span s = llm("plan", "gpt-4o")) {
      s.usage(1_000_000, 1_000_000).cost(0.42);
    }

    assertThat(t.span("plan").cost()).isEqualTo(0.42);
  }

  @Test
  void unknownModelOrNoUsage_noCost() {
    try (Span s = llm("a", "some-local-llama")) {
      s.usage(1000, 1000);
    }
    llm("b", "gpt-4o").end();

    assertThat(t.span("a").cost()).isNull();
    assertThat(t.span("b").cost()).isNull();
    assertThat(t.sdk.metrics().snapshot().cost("llm").count()).isZero();
  }

  @Test
  void emptyPriceTable_computesNothing() {
    TestSdk none = TestSdk.create(AgentraceSdk.builder().priceTable(PriceTable.empty()));
    try (Span s = none.tracer().span("plan").kind(SpanKind.LLM).model("gpt-4o").start()) {
      s.usage(1000, 1000);
    }

    assertThat(none.span("plan").cost()).isNull();
    none.sdk.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void defaultPriceTable_pricesCommonModelsOutOfTheBox() {
    TestSdk defaults = TestSdk.create(AgentraceSdk.builder());
    try (Span s = defaults.tracer().span("plan").kind(SpanKind.LLM).model("gpt-4o-mini").start()) {
      s.usage(1_000_000, 0);
    }

    assertThat(defaults.span("plan").cost()).isCloseTo(0.15, EXACT);
    defaults.sdk.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void traceRollUp_childCostsAddUpOnTheRoot_andSpanCostsStayTheirOwn() {
    for (int run = 0; run < 2; run++) {
      try (Span root = t.tracer().span("handle").kind(SpanKind.AGENT).type("handle_ticket").start()) {
        try (Span a = llm("plan", "gpt-4o")) {
          a.usage(100_000, 10_000); // 0.25 + 0.10
        }
        try (Span tool = t.tracer().span("search").kind(SpanKind.TOOL).start()) {
          tool.cost(0.05 * (run + 1));
          try (Span nested = llm("rerank", "gpt-4o")) {
            nested.cost(0.01);
          }
        }
        root.cost(0.001);
      }
    }
    t.flushAndGet();
    MetricsSnapshot s = t.sdk.metrics().snapshot();

    assertThat(t.span("handle").cost()).isEqualTo(0.001);
    Distribution perTrace = s.traceCost("handle_ticket");
    assertThat(perTrace.count()).isEqualTo(2);
    assertThat(perTrace.min()).isCloseTo(0.001 + 0.35 + 0.05 + 0.01, EXACT);
    assertThat(perTrace.max()).isCloseTo(0.001 + 0.35 + 0.10 + 0.01, EXACT);
    assertThat(s.traceCost("llm").count()).isZero();
    assertThat(s.cost("handle_ticket").sum()).isCloseTo(0.002, EXACT);
    assertThat(s.cost("llm").sum()).isCloseTo(2 * (0.35 + 0.01), EXACT);
    assertThat(s.table().lines().filter(l -> l.startsWith("handle_ticket "))).singleElement()
        .satisfies(l -> assertThat(l).contains(String.format(java.util.Locale.ROOT, " %.6f", perTrace.mean())));
  }

  @Test
  void traceRollUp_noCostAnywhere_noTraceCostRecorded() {
    try (Span root = t.tracer().span("handle").kind(SpanKind.AGENT).start()) {
      t.tracer().span("search").kind(SpanKind.TOOL).start().end();
      root.ok();
    }
    t.flushAndGet();

    assertThat(t.sdk.metrics().snapshot().traceCost("agent").count()).isZero();
  }

  @Test
  void cost_recordedInUsdWithNanoDollarResolution() {
    try (Span s = llm("plan", "gpt-4o-mini-ish-but-4o")) {
      s.usage(37, 11); // 37 * 2.5e-6 + 11 * 1e-5 = 0.0002025 USD
    }
    t.flushAndGet();
    Distribution d = t.sdk.metrics().snapshot().cost("llm");

    assertThat(d.mean()).isCloseTo(0.0002025, EXACT);
    assertThat(d.p50()).isBetween(0.0002025, 0.0002025 * 1.001);
  }
}
