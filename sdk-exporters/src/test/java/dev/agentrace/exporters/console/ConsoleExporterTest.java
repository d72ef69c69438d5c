package dev.agentrace.exporters.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.SpanStatus;
import dev.agentrace.core.data.Conformance;
import dev.agentrace.core.data.RiskLevel;
import dev.agentrace.core.data.RiskResult;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.data.TokenUsage;
import dev.agentrace.core.data.Violation;
import dev.agentrace.core.export.SpanExporter;
import dev.agentrace.exporters.FakeSpan;
import dev.agentrace.exporters.SpanExporterContractTest;
import dev.agentrace.exporters.TestSdk;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The conversation view, checked against golden output produced with a hand-moved clock and sequential ids. */
class ConsoleExporterTest extends SpanExporterContractTest {
  private static final String NL = System.lineSeparator();

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream target = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Override
  protected SpanExporter newExporter() {
    return ConsoleExporter.builder().target(target).color(ConsoleExporter.ColorMode.OFF).build();
  }

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String lines(String... lines) {
    return String.join(NL, lines) + NL;
  }

  private static void supportRun(TestSdk t) {
    try (Span run = t.tracer().span("handle_ticket").kind(SpanKind.AGENT).input("Where is my order?").start()) {
      t.advanceMillis(5);
      try (Span llm = t.tracer().span("plan").kind(SpanKind.LLM).model("gpt-4o").input("Where is my order?").start()) {
        t.advanceMillis(800);
        llm.output("look up the order").usage(120, 45).cost(0.0012).ok();
      }
      try (Span tool = t.tracer().span("lookup_order").kind(SpanKind.TOOL).type("order_lookup").input("T-1").start()) {
        t.advanceMillis(20);
        tool.error(new IllegalStateException("order service timed out"));
      }
      t.advanceMillis(10);
      run.output("It ships today").ok();
    }
  }

  @Test
  void export_agentRun_printsTheConversationAsGolden() {
    try (TestSdk t = TestSdk.with(exporter)) {
      supportRun(t);
      t.flush();
    }
    assertThat(printed()).isEqualTo(lines(
        "> AGENT handle_ticket  in: \"Where is my order?\"",
        "  > LLM plan (gpt-4o)  in: \"Where is my order?\"",
        "  < LLM plan  OK  800.0 ms  tokens 120 in / 45 out  $0.0012  out: \"look up the order\"",
        "  > TOOL lookup_order [order_lookup]  in: \"T-1\"",
        "  < TOOL lookup_order [order_lookup]  ERROR: order service timed out  20.0 ms",
        "< AGENT handle_ticket  OK  835.0 ms  out: \"It ships today\"",
        "= trace 00000000000000000000000000000001 done: 3 spans, 165 tokens, $0.0012, 1 error, 835.0 ms"));
  }

  @Test
  void export_nestedThreeLevels_indentsByDepthAndForgetsTheTraceAtRootEnd() {
    ConsoleExporter view = (ConsoleExporter) exporter;
    try (TestSdk t = TestSdk.with(exporter)) {
      try (Span a = t.tracer().span("triage").kind(SpanKind.AGENT).start()) {
        try (Span b = t.tracer().span("research").kind(SpanKind.AGENT).start()) {
          t.tracer().span("search").kind(SpanKind.RETRIEVAL).start().end();
        }
      }
      t.flush();
      assertThat(view.trackedTraces()).isZero();
    }
    assertThat(printed()).isEqualTo(lines(
        "> AGENT triage",
        "  > AGENT research",
        "    > RETRIEVAL search",
        "    < RETRIEVAL search  UNSET  0.00 ms",
        "  < AGENT research  UNSET  0.00 ms",
        "< AGENT triage  UNSET  0.00 ms",
        "= trace 00000000000000000000000000000001 done: 3 spans, 0 errors, 0.00 ms"));
  }

  @Test
  void export_longAndMultiLinePayloads_arePreviewedOnOneLine() {
    ConsoleExporter view = ConsoleExporter.builder().target(target).color(ConsoleExporter.ColorMode.OFF).previewLength(12).build();
    FakeSpan s = FakeSpan.valid("step", SpanKind.CHAIN);
    s.ended = false;
    s.input = "{\n  \"question\":\n\t\"why is the sky blue\"\n}";
    view.export(List.of(s));
    assertThat(printed()).isEqualTo(lines("> CHAIN step  in: { \"question\"..."));
  }

  @Test
  void export_flaggedSpan_showsSchemaAndRiskFlagsAndUsageDetails() {
    FakeSpan s = FakeSpan.valid("web_search", SpanKind.TOOL);
    s.conformance = Conformance.violates(List.of(
        new Violation("input", "/query", "required", "query is required"),
        new Violation("output", "", "type", "string expected")));
    s.risk = new RiskResult(RiskLevel.HIGH, 80, List.of("email", "phone"), true);
    s.usage = new TokenUsage(1000, 200, 600, 50);
    s.cost = 2.5;
    exporter.export(List.of(s));
    assertThat(printed()).isEqualTo(lines(
        "< TOOL web_search  OK  1.0 ms  tokens 1000 in / 200 out (600 cached) (50 reasoning)  $2.50"
            + "  [schema VIOLATES: input/query required +1 more]  [risk HIGH: email,phone, redacted]",
        "= trace 0af7651916cd43dd8448eb211c80319c done: 1 span, 1200 tokens, $2.50, 0 errors, 1.0 ms"));
  }

  @Test
  void export_spanWithRemoteParent_isShownAsTheLocalRoot() {
    FakeSpan start = FakeSpan.valid("handle_request", SpanKind.AGENT);
    start.parentSpanId = "00f067aa0ba902b7";
    start.ended = false;
    FakeSpan end = FakeSpan.valid("handle_request", SpanKind.AGENT);
    end.parentSpanId = "00f067aa0ba902b7";
    end.status = SpanStatus.ERROR;
    end.statusMessage = "upstream\nfailed";
    exporter.export(List.of(start, end));
    assertThat(printed()).isEqualTo(lines(
        "> AGENT handle_request",
        "< AGENT handle_request  ERROR: upstream failed  1.0 ms",
        "= trace 0af7651916cd43dd8448eb211c80319c done: 1 span, 1 error, 1.0 ms"));
  }

  private static FakeSpan span(String name, String spanId, String parent, boolean ended) {
    FakeSpan s = FakeSpan.valid(name, SpanKind.TOOL);
    s.spanId = spanId;
    s.parentSpanId = parent;
    s.ended = ended;
    return s;
  }

  @Test
  void export_childEndingAfterItsRoot_printsTraceDoneOnce() {
    FakeSpan rootStart = span("handle_ticket", "00000000000000a1", null, false);
    FakeSpan childStart = span("web_search", "00000000000000b2", "00000000000000a1", false);
    FakeSpan lateStart = span("audit_log", "00000000000000c3", "00000000000000b2", false);
    exporter.export(List.of(rootStart, childStart));
    exporter.export(List.of(span("handle_ticket", "00000000000000a1", null, true)));
    exporter.export(List.of(lateStart, span("audit_log", "00000000000000c3", "00000000000000b2", true)));
    exporter.export(List.of(span("web_search", "00000000000000b2", "00000000000000a1", true)));
    assertThat(printed().lines().filter(l -> l.contains(" done: "))).hasSize(1);
    assertThat(printed()).isEqualTo(lines(
        "> TOOL handle_ticket",
        "  > TOOL web_search",
        "< TOOL handle_ticket  OK  1.0 ms",
        "= trace 0af7651916cd43dd8448eb211c80319c done: 1 span, 0 errors, 1.0 ms",
        "    > TOOL audit_log",
        "    < TOOL audit_log  OK  1.0 ms",
        "  < TOOL web_search  OK  1.0 ms"));
    assertThat(((ConsoleExporter) exporter).trackedTraces()).isZero();
  }

  @Test
  void export_spanStartedAfterItsRootEnded_printsNoSecondTraceDone() {
    exporter.export(List.of(span("handle_ticket", "00000000000000a1", null, true)));
    exporter.export(List.of(span("cleanup", "00000000000000b2", "00000000000000a1", true)));
    assertThat(printed().lines().filter(l -> l.contains(" done: "))).hasSize(1);
    assertThat(printed()).endsWith(lines("  < TOOL cleanup  OK  1.0 ms"));
  }

  @Test
  void export_rootsThatNeverEnd_trackAtMostTheCap() {
    ConsoleExporter view = (ConsoleExporter) exporter;
    List<SpanData> starts = new ArrayList<>();
    for (int i = 0; i < ConsoleExporter.MAX_TRACKED_TRACES + 500; i++) {
      FakeSpan s = FakeSpan.valid("run" + i, SpanKind.AGENT);
      s.traceId = String.format("%032x", i + 1);
      s.ended = false;
      starts.add(s);
    }
    view.export(starts);
    assertThat(view.trackedTraces()).isEqualTo(ConsoleExporter.MAX_TRACKED_TRACES);
  }

  @Test
  void color_onAddsAnsiAndOffOrAutoOnAStreamDoNot() {
    FakeSpan s = FakeSpan.valid("plan", SpanKind.LLM);
    ConsoleExporter.builder().target(target).color(ConsoleExporter.ColorMode.ON).build().export(List.of(s));
    assertThat(printed()).contains("\u001B[36mLLM\u001B[0m", "\u001B[32mOK\u001B[0m");
    bytes.reset();
    ConsoleExporter.builder().target(target).build().export(List.of(s));
    assertThat(printed()).doesNotContain("\u001B[").startsWith("< LLM plan  OK");
  }

  @Test
  void export_maxLineWidth_cutsLongLinesToTheWidthCountingNoAnsiCodes() {
    FakeSpan s = FakeSpan.valid("answer", SpanKind.LLM);
    s.output = "x".repeat(200);
    ConsoleExporter.builder().target(target).color(ConsoleExporter.ColorMode.OFF).maxLineWidth(60).build()
        .export(List.of(s));
    assertThat(printed().lines()).containsExactly("< LLM answer  OK  1.0 ms  out: " + "x".repeat(26) + "...",
        "= trace 0af7651916cd43dd8448eb211c80319c done: 1 span, 0 ...");
    bytes.reset();
    ConsoleExporter.builder().target(target).color(ConsoleExporter.ColorMode.ON).maxLineWidth(60).build()
        .export(List.of(s));
    String line = printed().lines().findFirst().orElseThrow();
    assertThat(line.replaceAll("\u001B\\[[0-9;]*m", "")).hasSize(60).endsWith("x...");
    assertThat(line).endsWith("...\u001B[0m");
  }

  @Test
  void export_maxLineWidth_leavesShortLinesAlone() {
    FakeSpan s = FakeSpan.valid("plan", SpanKind.LLM);
    ConsoleExporter.builder().target(target).color(ConsoleExporter.ColorMode.OFF).maxLineWidth(80).build()
        .export(List.of(s));
    assertThat(printed()).isEqualTo(lines("< LLM plan  OK  1.0 ms",
        "= trace 0af7651916cd43dd8448eb211c80319c done: 1 span, 0 errors, 1.0 ms"));
    assertThatThrownBy(() -> ConsoleExporter.builder().maxLineWidth(20))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxLineWidth");
  }

  @Test
  void builder_previewLengthTooSmall_throwsNamingIt() {
    assertThatThrownBy(() -> ConsoleExporter.builder().previewLength(3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("previewLength").hasMessageContaining("3");
  }

  @Test
  void format_durationsAndCosts_readNaturally() {
    assertThat(ConsoleFormat.duration(420_000)).isEqualTo("0.42 ms");
    assertThat(ConsoleFormat.duration(12_340_000)).isEqualTo("12.3 ms");
    assertThat(ConsoleFormat.duration(1_234_000_000)).isEqualTo("1.23 s");
    assertThat(ConsoleFormat.cost(0.000075)).isEqualTo("$0.000075");
    assertThat(ConsoleFormat.cost(0.0012345)).isEqualTo("$0.00123");
    assertThat(ConsoleFormat.cost(12.5)).isEqualTo("$12.50");
    assertThat(ConsoleFormat.cost(0)).isEqualTo("$0");
  }
}
