package dev.agentrace.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.data.Conformance;
import dev.agentrace.core.data.ConformanceStatus;
import dev.agentrace.core.data.RiskLevel;
import dev.agentrace.core.data.RiskResult;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.data.SpanEvent;
import dev.agentrace.core.data.Violation;
import dev.agentrace.core.internal.WorkerSpan;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Once the worker's stages have run, the SpanData exporters receive never changes, whoever holds it. */
class FrozenSpanTest {
  private static final String KEY = "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUvWx";
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final AmendingExporter exporter = new AmendingExporter();
  private AgentraceSdk sdk;

  /**
   * A child span is exported while its trace's root is still open; the root ends after, so the risk stage
   * works on the same trace again (it puts the trace's peak on the root) after the child was exported.
   */
  @BeforeEach
  void exportChildThenRoot() {
    sdk = AgentraceSdk.builder().shutdownHook(false).exporter(exporter).build();
    Tracer tracer = sdk.tracer();
    try (Span root = tracer.span("agent").kind(SpanKind.AGENT).start()) {
      try (Span llm = tracer.span("llm").kind(SpanKind.LLM).model("gpt-4o").input("use key " + KEY)
          .attribute("apiKey", KEY).start()) {
        llm.event("retry", Map.of("attempt", 1L));
        llm.output("done").usage(1_000, 200);
        llm.error(new IllegalStateException("the provider rejected " + KEY));
      }
      assertThat(sdk.flush(WAIT)).isTrue();
      assertThat(exporter.held).containsKeys("start:llm", "end:llm").doesNotContainKey("end:agent");
      root.output("answered");
    }
    assertThat(sdk.flush(WAIT)).isTrue();
  }

  @AfterEach
  void shutdown() {
    sdk.shutdown(WAIT);
  }

  @Test
  void exportedSpan_castToWorkerSpanAndAmended_throwsIllegalStateExceptionAndStaysAsExported() {
    assertThat(exporter.amendments.get("end:llm")).hasSize(9)
        .allSatisfy((amendment, thrown) -> assertThat(thrown).as(amendment).isEqualTo(IllegalStateException.class));

    Seen atExport = exporter.seen.get("end:llm");
    assertThat(Seen.of(exporter.held.get("end:llm"))).isEqualTo(atExport);
    // The stages had amended it before it was frozen: what stayed the same is their result.
    assertThat(atExport.input()).isEqualTo("\"use key [REDACTED:api_key]\"");
    assertThat(atExport.attributes()).containsEntry("apiKey", "[REDACTED:api_key]");
    assertThat(atExport.statusMessage()).isEqualTo("the provider rejected [REDACTED:api_key]");
    assertThat(atExport.risk().level()).isEqualTo(RiskLevel.CRITICAL);
    assertThat(atExport.cost()).isPositive();
    // And the stage ran on the trace again, on its root, after the child was exported.
    assertThat(exporter.held.get("end:agent").attributes()).containsKey("agentrace.risk.trace_peak.level");
  }

  @Test
  void exportedStartEvent_castToWorkerSpanAndAmended_throwsAndStaysAsExported() {
    Map<String, Class<?>> thrown = exporter.amendments.get("start:llm");
    // Input and attributes are what a stage may amend on a start event; the rest is not part of one.
    assertThat(thrown).containsEntry("replaceInput", IllegalStateException.class)
        .containsEntry("replaceAttributeValue", IllegalStateException.class)
        .doesNotContainValue(NotThrown.class);

    Seen atExport = exporter.seen.get("start:llm");
    assertThat(Seen.of(exporter.held.get("start:llm"))).isEqualTo(atExport);
    assertThat(atExport.input()).isEqualTo("\"use key [REDACTED:api_key]\"");
    assertThat(atExport.attributes()).containsEntry("apiKey", "[REDACTED:api_key]");
  }

  /** What an exporter can read of a span, copied. */
  private record Seen(String input, String output, Map<String, Object> attributes, List<SpanEvent> events,
      String statusMessage, RiskResult risk, ConformanceStatus conformance, List<Violation> violations, Double cost) {
    static Seen of(SpanData s) {
      return new Seen(s.input(), s.output(), new LinkedHashMap<>(s.attributes()), List.copyOf(s.events()),
          s.statusMessage(), s.risk(), s.conformance().status(), List.copyOf(s.conformance().violations()), s.cost());
    }
  }

  /** Stands for "the amendment returned normally" in the outcomes. */
  private static final class NotThrown {}

  /** Keeps every span it is given, what it read of it then, and what trying to amend it did. */
  private static final class AmendingExporter implements SpanExporter {
    final Map<String, SpanData> held = new ConcurrentHashMap<>();
    final Map<String, Seen> seen = new ConcurrentHashMap<>();
    final Map<String, Map<String, Class<?>>> amendments = new ConcurrentHashMap<>();

    @Override
    public ExportResult export(List<SpanData> batch) {
      for (SpanData s : batch) {
        String key = (s.ended() ? "end:" : "start:") + s.name();
        seen.put(key, Seen.of(s));
        amendments.put(key, tryToAmend((WorkerSpan) s));
        held.put(key, s);
      }
      return ExportResult.success();
    }

    @Override
    public boolean exportsStarts() {
      return true;
    }

    private static Map<String, Class<?>> tryToAmend(WorkerSpan span) {
      Map<String, Runnable> amendments = new LinkedHashMap<>();
      amendments.put("replaceInput", () -> span.replaceInput("\"changed\""));
      amendments.put("replaceOutput", () -> span.replaceOutput("\"changed\""));
      amendments.put("replaceAttributeValue", () -> span.replaceAttributeValue(0, "changed"));
      amendments.put("putWorkerAttribute", () -> span.putWorkerAttribute("agentrace.changed", true));
      amendments.put("replaceEvent", () -> span.replaceEvent(0, new SpanEvent("changed", 0, Map.of())));
      amendments.put("replaceStatusMessage", () -> span.replaceStatusMessage("changed"));
      amendments.put("recordConformance", () -> span.recordConformance(Conformance.notChecked("changed")));
      amendments.put("recordRisk", () -> span.recordRisk(RiskResult.none()));
      amendments.put("recordComputedCost", () -> span.recordComputedCost(123.0));
      Map<String, Class<?>> thrown = new LinkedHashMap<>();
      amendments.forEach((name, amendment) -> {
        try {
          amendment.run();
          thrown.put(name, NotThrown.class);
        } catch (RuntimeException e) {
          thrown.put(name, e.getClass());
        }
      });
      return thrown;
    }
  }
}
