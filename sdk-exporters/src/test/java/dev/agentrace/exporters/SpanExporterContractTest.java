package dev.agentrace.exporters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.SpanStatus;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.data.SpanEvent;
import dev.agentrace.core.export.ExportResult;
import dev.agentrace.core.export.SpanExporter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every span exporter promises the pipeline, whatever it exports to: an empty batch is fine, no span
 * data however hostile makes it throw, shutdown is idempotent, an export after shutdown fails cleanly, and
 * spans from a real SDK all arrive. Each exporter's test class extends this and supplies a fresh exporter.
 */
public abstract class SpanExporterContractTest {
  protected SpanExporter exporter;

  /** A fresh exporter, pointed at whatever the subclass set up (a server, a file, a stream). */
  protected abstract SpanExporter newExporter() throws Exception;

  @BeforeEach
  void createContractExporter() throws Exception {
    exporter = newExporter();
  }

  @AfterEach
  void shutDownContractExporter() {
    exporter.shutdown();
  }

  @Test
  void export_emptyBatch_succeeds() {
    assertThat(exporter.export(List.of()).isSuccess()).isTrue();
  }

  @Test
  void export_hostileSpanData_neverThrows() {
    List<SpanData> hostile = hostileSpans();
    for (SpanData s : hostile) {
      assertThatCode(() -> assertThat(exporter.export(Arrays.asList(s))).isNotNull())
          .as("exporting %s", describe(s))
          .doesNotThrowAnyException();
    }
    assertThatCode(() -> assertThat(exporter.export(hostile)).isNotNull()).doesNotThrowAnyException();
  }

  @Test
  void export_spansFromRealSdk_areAllExported() {
    try (TestSdk t = TestSdk.with(exporter)) {
      try (Span run = t.tracer().span("handle_ticket").kind(SpanKind.AGENT).input("Where is my order?").start()) {
        t.tracer().span("plan").kind(SpanKind.LLM).model("gpt-4o").input("think").start().output("look it up").end();
        t.tracer().span("lookup").kind(SpanKind.TOOL).call(() -> "shipped");
        run.output("It ships today");
      }
      t.flush();
      assertThat(t.stats().spansExported()).isEqualTo(3);
      assertThat(t.stats().spansDropped()).isZero();
    }
  }

  @Test
  void shutdown_calledTwice_isIdempotent() {
    exporter.shutdown();
    assertThatCode(exporter::shutdown).doesNotThrowAnyException();
  }

  @Test
  void export_afterShutdown_failsWithoutThrowing() {
    exporter.shutdown();
    ExportResult result = exporter.export(List.of(FakeSpan.valid("late", SpanKind.TOOL)));
    assertThat(result.isSuccess()).isFalse();
    assertThat(result.reason()).contains("shut down");
  }

  @Test
  void flush_withNothingExported_doesNotThrow() {
    assertThatCode(exporter::flush).doesNotThrowAnyException();
  }

  /** Span data no exporter may choke on. */
  public static List<SpanData> hostileSpans() {
    List<SpanData> spans = new ArrayList<>();
    FakeSpan allNull = new FakeSpan();
    spans.add(allNull);

    FakeSpan startNulls = new FakeSpan();
    startNulls.ended = false;
    spans.add(startNulls);

    FakeSpan unicode = FakeSpan.valid("\uD800 lone \uDFFF surrogates \u202Eevil\u0000nul\nnew\u2028line 🤖", SpanKind.LLM);
    unicode.model = "\uDBFF";
    unicode.input = "{not json \uD800";
    unicode.output = "\"\uDC00\"";
    unicode.statusMessage = "line1\nline2\r\t\"quoted\" = \\";
    unicode.status = SpanStatus.ERROR;
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("ключ \uD83D", "значение \uDE00");
    attrs.put("nan", Double.NaN);
    attrs.put("inf", Double.NEGATIVE_INFINITY);
    attrs.put("int", 7);
    attrs.put("list", List.of("a", 1L));
    attrs.put("object", new Object());
    attrs.put("", "empty key");
    unicode.attributes = attrs;
    Map<String, Object> eventAttrs = new LinkedHashMap<>();
    eventAttrs.put("k", "\uD800");
    unicode.events = Arrays.asList(new SpanEvent(null, -1, null), null, new SpanEvent("\u0000", 5, eventAttrs));
    unicode.scores = Map.of("\uD800", Double.NaN);
    unicode.cost = Double.POSITIVE_INFINITY;
    spans.add(unicode);

    FakeSpan huge = FakeSpan.valid("huge", SpanKind.TOOL);
    huge.input = "\"" + "x".repeat(2_000_000) + "\"";
    huge.output = "[" + "1,".repeat(200_000) + "1]";
    huge.attributes = Map.of("big", "y".repeat(500_000));
    spans.add(huge);

    FakeSpan deep = FakeSpan.valid("deep", SpanKind.CHAIN);
    deep.input = "[".repeat(5_000) + "]".repeat(5_000);
    spans.add(deep);

    FakeSpan badIds = FakeSpan.valid("bad ids", SpanKind.AGENT);
    badIds.traceId = "NOT-HEX";
    badIds.spanId = "";
    badIds.parentSpanId = "zz";
    badIds.start = Long.MIN_VALUE;
    badIds.end = -5;
    spans.add(badIds);

    spans.add(null);
    return spans;
  }

  private static String describe(SpanData s) {
    return s == null ? "null" : "span '" + (s.name() == null ? "<null>" : s.name().substring(0, Math.min(12, s.name().length()))) + "'";
  }
}
