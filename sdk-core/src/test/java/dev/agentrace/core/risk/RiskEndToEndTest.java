package dev.agentrace.core.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.data.RiskLevel;
import dev.agentrace.core.data.RiskResult;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.data.SpanEvent;
import dev.agentrace.core.export.ExportResult;
import dev.agentrace.core.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/** Through a real SDK and its export worker: what an exporter receives. */
class RiskEndToEndTest {
  private static final String KEY = "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUvWx";
  private static final String TOKEN = "abcDEF123456ghiJKL789mno";
  private static final String AWS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
  private static final String PEM_HEAD = "-----BEGIN PRIVATE KEY-----";

  private final TextExporter exporter = new TextExporter();
  private AgentraceSdk sdk;

  /** Renders every span and start event it receives into one text, as an exporter writing them out would. */
  private static final class TextExporter implements SpanExporter {
    private final StringBuilder text = new StringBuilder();
    private final List<SpanData> ended = new ArrayList<>();
    private int starts;

    @Override
    public synchronized ExportResult export(List<SpanData> batch) {
      for (SpanData s : batch) {
        if (s.ended()) {
          ended.add(s);
        } else {
          starts++;
        }
        text.append(s.name()).append(" in=").append(s.input()).append(" out=").append(s.output())
            .append(" attrs=").append(s.attributes()).append(" status=").append(s.statusMessage());
        for (SpanEvent e : s.events()) {
          text.append(" event=").append(e.name()).append(e.attributes());
        }
        text.append('\n');
      }
      return ExportResult.success();
    }

    @Override
    public boolean exportsStarts() {
      return true;
    }

    synchronized String text() {
      return text.toString();
    }

    synchronized SpanData span(String name) {
      return ended.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    synchronized int starts() {
      return starts;
    }
  }

  private Tracer tracer(AgentraceSdk.Builder builder) {
    sdk = builder.exporter(exporter).shutdownHook(false).build();
    return sdk.tracer();
  }

  private String flushed() {
    assertThat(sdk.flush(Duration.ofSeconds(10))).isTrue();
    return exporter.text();
  }

  @AfterEach
  void shutdown() {
    sdk.shutdown(Duration.ofSeconds(5));
  }

  private static void assertParses(String json) {
    try (JsonParser p = new JsonFactory().createParser(ObjectReadContext.empty(), json)) {
      while (p.nextToken() != null) {
        // reading to the end is the check
      }
    }
  }

  @Test
  void secrets_inEveryPartOfASpanAndItsStartEvent_neverReachTheExporter() {
    Tracer tracer = tracer(AgentraceSdk.builder());
    try (Span span = tracer.span("call_llm").kind(SpanKind.LLM).input("use key " + KEY)
        .attribute("http.authorization", "Bearer " + TOKEN).start()) {
      span.output(Map.of("aws", AWS_KEY_ID, "pem", PEM_HEAD + " MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"));
      span.event("retry", Map.of("header", "Authorization: Bearer " + TOKEN));
      span.error(new IllegalStateException("the provider rejected " + KEY));
    }
    String result = tracer.span("tool").call(() -> "found " + KEY);

    String text = flushed();
    assertThat(result).contains(KEY);
    assertThat(exporter.starts()).isEqualTo(2);
    assertThat(text).doesNotContain(KEY).doesNotContain(TOKEN).doesNotContain(AWS_KEY_ID).doesNotContain(PEM_HEAD)
        .contains("[REDACTED:api_key]", "[REDACTED:bearer_token]", "[REDACTED:cloud_access_key]", "[REDACTED:private_key]");
    SpanData llm = exporter.span("call_llm");
    assertThat(llm.risk().level()).isEqualTo(RiskLevel.CRITICAL);
    assertThat(llm.risk().score()).isEqualTo(100);
    assertThat(llm.risk().redacted()).isTrue();
    assertThat(llm.risk().categories()).containsExactly("api_key", "bearer_token", "cloud_access_key", "private_key");
    assertParses(llm.input());
    assertThat(exporter.span("tool").output()).isEqualTo("\"found [REDACTED:api_key]\"");
  }

  @Test
  void riskScanningOff_secretReachesTheExporterAndNoRiskIsRated() {
    Tracer tracer = tracer(AgentraceSdk.builder().riskScanning(false));
    tracer.span("call").input("use key " + KEY).start().end();
    assertThat(flushed()).contains(KEY);
    assertThat(exporter.span("call").risk()).isSameAs(RiskResult.none());
  }

  @Test
  void redactionNone_secretReachesTheExporterButIsRated() {
    Tracer tracer = tracer(AgentraceSdk.builder().redaction(Redaction.none()));
    tracer.span("call").input("use key " + KEY).start().end();
    assertThat(flushed()).contains(KEY);
    assertThat(exporter.span("call").risk()).isEqualTo(new RiskResult(RiskLevel.CRITICAL, 95, List.of("api_key"), false));
  }

  @Test
  void redactionOfPersonalData_configured_emailAndCardReplaced() {
    Tracer tracer = tracer(AgentraceSdk.builder()
        .redaction(Redaction.builder().redact(DataCategory.EMAIL, DataCategory.CREDIT_CARD).build()));
    tracer.span("checkout").input("jane@example.com pays with 4111 1111 1111 1111, phone +44 20 7946 0958").start().end();
    String text = flushed();
    assertThat(text).doesNotContain("jane@example.com").doesNotContain("4111 1111")
        .contains("[REDACTED:email] pays with [REDACTED:credit_card], phone +44 20 7946 0958");
    assertThat(exporter.span("checkout").risk().level()).isEqualTo(RiskLevel.HIGH);
  }

  @Test
  void riskProfile_perSpanType_appliedOnTheWorker() {
    Tracer tracer = tracer(AgentraceSdk.builder()
        .riskProfile(RiskProfile.builder().forType("send_email", DataCategory.EMAIL, RiskLevel.LOW, 10).build()));
    tracer.span("send").kind(SpanKind.TOOL).type("send_email").input("to jane@example.com").start().end();
    tracer.span("search").kind(SpanKind.TOOL).type("web_search").input("to jane@example.com").start().end();
    flushed();
    assertThat(exporter.span("send").risk().level()).isEqualTo(RiskLevel.LOW);
    assertThat(exporter.span("search").risk().level()).isEqualTo(RiskLevel.MEDIUM);
  }

  @Test
  void tracePeak_riskyChildren_peakOnTheExportedRoot() {
    Tracer tracer = tracer(AgentraceSdk.builder());
    try (Span root = tracer.span("handle_ticket").kind(SpanKind.AGENT).input("ticket 42").start()) {
      tracer.span("lookup").kind(SpanKind.TOOL).input("customer jane@example.com").start().end();
      tracer.span("plan").kind(SpanKind.LLM).input("key " + KEY).start().end();
      root.output("done");
    }
    flushed();
    SpanData root = exporter.span("handle_ticket");
    assertThat(root.risk()).isSameAs(RiskResult.none());
    assertThat(root.attributes()).containsEntry("agentrace.risk.trace_peak.level", "CRITICAL")
        .containsEntry("agentrace.risk.trace_peak.score", 95L)
        .containsEntry("agentrace.risk.trace_peak.categories", "email,api_key");
  }
}
