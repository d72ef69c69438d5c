package dev.agentrace.core.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.api.Span;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.data.RiskLevel;
import dev.agentrace.core.data.RiskResult;
import dev.agentrace.core.internal.WorkerSpan;
import dev.agentrace.core.trace.SpanAccess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Drives the stage directly with real spans from an SDK that has no exporter (so no worker runs). */
class RiskStageTest {
  private static final String KEY = "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUvWx";
  private static final String AWS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";

  // No exporter and no metrics: no export worker, so only this test's stage touches the spans.
  private final AgentraceSdk sdk = AgentraceSdk.builder().metrics(false).shutdownHook(false).build();
  private final RiskStage stage = new RiskStage(RiskProfile.defaults(), Redaction.defaults());

  /** The worker's view of a span, as the pipeline hands it to the stage. */
  private static WorkerSpan w(Span span) {
    return SpanAccess.worker(span);
  }

  @AfterEach
  void shutdown() {
    sdk.shutdown(Duration.ofSeconds(5));
  }

  private Span start(String name, Span parent) {
    return start(name, parent, null);
  }

  private Span start(String name, Span parent, String input) {
    var b = sdk.tracer().span(name);
    if (input != null) {
      b.input(input);
    }
    if (parent != null) {
      b.parent(parent.context());
    } else {
      b.noParent();
    }
    return b.start();
  }

  @Test
  void process_secretsInEveryField_redactedAndRated() {
    Span span = sdk.tracer().span("call").input("use " + KEY).attribute("note", "id " + AWS_KEY_ID)
        .attribute("count", 3L).start();
    span.output("reply to jane@example.com");
    span.event("retry", Map.of("header", "Authorization: Bearer abcDEF123456ghiJKL789", "n", 1L));
    span.error(new IllegalStateException("rejected " + KEY));
    span.end();

    stage.process(w(span));

    assertThat(w(span).input()).isEqualTo("\"use [REDACTED:api_key]\"");
    assertThat(w(span).output()).isEqualTo("\"reply to jane@example.com\"");
    assertThat(w(span).attributes()).containsEntry("note", "id [REDACTED:cloud_access_key]").containsEntry("count", 3L);
    assertThat(w(span).events().get(0).attributes())
        .containsEntry("header", "Authorization: Bearer [REDACTED:bearer_token]").containsEntry("n", 1L);
    assertThat(w(span).events().get(1).attributes()).containsEntry("exception.message", "rejected [REDACTED:api_key]");
    assertThat(w(span).statusMessage()).isEqualTo("rejected [REDACTED:api_key]");
    assertThat(w(span).risk()).isEqualTo(new RiskResult(RiskLevel.CRITICAL, 100,
        List.of("email", "api_key", "bearer_token", "cloud_access_key"), true));
  }

  @Test
  void process_cleanSpan_riskNoneAndNothingTouched() {
    Span span = sdk.tracer().span("clean").input("weather in Paris").start();
    String input = w(span).input();
    span.end();
    stage.process(w(span));
    assertThat(w(span).input()).isSameAs(input);
    assertThat(w(span).risk()).isSameAs(RiskResult.none());
    assertThat(w(span).attributes()).isEmpty();
  }

  @Test
  void process_profileForType_ratesByTheSpanType() {
    RiskStage typed = new RiskStage(RiskProfile.builder()
        .forType("send_email", DataCategory.EMAIL, RiskLevel.LOW, 10).build(), Redaction.defaults());
    Span send = sdk.tracer().span("send").type("send_email").input("to jane@example.com").start();
    Span other = sdk.tracer().span("search").type("web_search").input("to jane@example.com").start();
    send.end();
    other.end();
    typed.process(w(send));
    typed.process(w(other));
    assertThat(w(send).risk().level()).isEqualTo(RiskLevel.LOW);
    assertThat(w(send).risk().score()).isEqualTo(10);
    assertThat(w(other).risk().level()).isEqualTo(RiskLevel.MEDIUM);
  }

  @Test
  void process_rootEndsAfterRiskyDescendants_rootCarriesTracePeak() {
    Span root = start("root", null);
    Span child = start("child", root);
    Span grandchild = start("grandchild", child, "jane@example.com");
    child.output(KEY);
    grandchild.end();
    child.end();
    root.end();

    stage.process(w(grandchild));
    stage.process(w(child));
    assertThat(stage.trackedTraces()).isEqualTo(1);
    stage.process(w(root));

    assertThat(w(root).risk()).isSameAs(RiskResult.none());
    assertThat(w(root).attributes()).containsEntry(RiskStage.TRACE_PEAK_LEVEL, "CRITICAL")
        .containsEntry(RiskStage.TRACE_PEAK_SCORE, 95L)
        .containsEntry(RiskStage.TRACE_PEAK_CATEGORIES, "email,api_key");
    assertThat(w(child).attributes()).doesNotContainKey(RiskStage.TRACE_PEAK_LEVEL);
    assertThat(stage.trackedTraces()).isZero();
  }

  @Test
  void process_riskyRootAlone_carriesItsOwnPeak() {
    Span root = start("root", null, "+44 20 7946 0958");
    root.end();
    stage.process(w(root));
    assertThat(w(root).attributes()).containsEntry(RiskStage.TRACE_PEAK_LEVEL, "MEDIUM")
        .containsEntry(RiskStage.TRACE_PEAK_CATEGORIES, "phone");
  }

  @Test
  void process_cleanTrace_noPeakAttributesAndNothingTracked() {
    Span root = start("root", null);
    Span child = start("child", root);
    child.end();
    root.end();
    stage.process(w(child));
    stage.process(w(root));
    assertThat(w(root).attributes()).isEmpty();
    assertThat(stage.trackedTraces()).isZero();
  }

  @Test
  void process_moreOpenTracesThanTheBound_evictsOldest() {
    RiskStage bounded = new RiskStage(RiskProfile.defaults(), Redaction.defaults(), 2);
    Span[] roots = new Span[3];
    for (int i = 0; i < 3; i++) {
      roots[i] = start("root" + i, null);
      Span child = start("child" + i, roots[i]);
      child.output(KEY);
      child.end();
      bounded.process(w(child));
    }
    assertThat(bounded.trackedTraces()).isEqualTo(2);
    for (Span root : roots) {
      root.end();
      bounded.process(w(root));
    }
    assertThat(w(roots[0]).attributes()).doesNotContainKey(RiskStage.TRACE_PEAK_LEVEL);
    assertThat(w(roots[1]).attributes()).containsEntry(RiskStage.TRACE_PEAK_LEVEL, "CRITICAL");
    assertThat(w(roots[2]).attributes()).containsEntry(RiskStage.TRACE_PEAK_LEVEL, "CRITICAL");
    assertThat(bounded.trackedTraces()).isZero();
  }

  @Test
  void processStart_secretInInputAndAttributes_redactsTheStartView() {
    Span span = sdk.tracer().span("call").input("use " + KEY).attribute("api_key", "abc-internal").start();
    WorkerSpan view = SpanAccess.startEvent(span);

    stage.processStart(view);

    assertThat(view.input()).isEqualTo("\"use [REDACTED:api_key]\"");
    assertThat(view.attributes()).containsEntry("api_key", "[REDACTED:api_key]");
    assertThat(view.risk()).isSameAs(RiskResult.none());
    span.end();
  }
}
