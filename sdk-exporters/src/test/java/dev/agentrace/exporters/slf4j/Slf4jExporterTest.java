package dev.agentrace.exporters.slf4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.core.data.Conformance;
import dev.agentrace.core.data.Violation;
import dev.agentrace.core.export.SpanExporter;
import dev.agentrace.exporters.FakeSpan;
import dev.agentrace.exporters.SpanExporterContractTest;
import dev.agentrace.exporters.TestSdk;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** The SLF4J exporter, logging into a real in-memory SLF4J logger. */
class Slf4jExporterTest extends SpanExporterContractTest {

  /** A real SLF4J logger that keeps what it is given, with a configurable threshold. */
  @SuppressWarnings("serial") // SLF4J's loggers are Serializable; this one never is serialized
  static final class MemoryLogger extends AbstractLogger {
    final List<String> lines = new ArrayList<>();
    final List<Level> levels = new ArrayList<>();
    Level threshold = Level.TRACE;

    MemoryLogger() {
      this.name = Slf4jExporter.LOGGER_NAME;
    }

    private boolean enabled(Level level) {
      return level.toInt() >= threshold.toInt();
    }

    @Override public boolean isTraceEnabled() { return enabled(Level.TRACE); }
    @Override public boolean isTraceEnabled(Marker marker) { return enabled(Level.TRACE); }
    @Override public boolean isDebugEnabled() { return enabled(Level.DEBUG); }
    @Override public boolean isDebugEnabled(Marker marker) { return enabled(Level.DEBUG); }
    @Override public boolean isInfoEnabled() { return enabled(Level.INFO); }
    @Override public boolean isInfoEnabled(Marker marker) { return enabled(Level.INFO); }
    @Override public boolean isWarnEnabled() { return enabled(Level.WARN); }
    @Override public boolean isWarnEnabled(Marker marker) { return enabled(Level.WARN); }
    @Override public boolean isErrorEnabled() { return enabled(Level.ERROR); }
    @Override public boolean isErrorEnabled(Marker marker) { return enabled(Level.ERROR); }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected synchronized void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable t) {
      levels.add(level);
      lines.add(MessageFormatter.basicArrayFormat(pattern, args));
    }
  }

  private final MemoryLogger logger = new MemoryLogger();

  @Override
  protected SpanExporter newExporter() {
    return new Slf4jExporter(logger);
  }

  @Test
  void create_logsToTheSpansLogger() {
    assertThat(Slf4jExporter.create().toString()).isEqualTo("Slf4jExporter{dev.agentrace.spans}");
  }

  @Test
  void export_realRun_logsOneKeyValueLinePerEndedSpan() {
    try (TestSdk t = TestSdk.with(exporter)) {
      try (Span run = t.tracer().span("handle ticket").kind(SpanKind.AGENT).session("sess-42").start()) {
        try (Span llm = t.tracer().span("plan").kind(SpanKind.LLM).model("gpt-4o").start()) {
          t.advanceMillis(820);
          llm.usage(120, 45).cost(0.0012).score("relevance", 0.9).attribute("note", "a \"quoted\"\nvalue").ok();
        }
        run.error(new IllegalStateException("order service = down"));
      }
      t.flush();
    }
    assertThat(logger.lines).containsExactly(
        "span name=plan kind=LLM type=llm status=OK duration_ms=820.000 trace_id=00000000000000000000000000000001"
            + " span_id=0000000000000002 parent_span_id=0000000000000001 agent=support-bot version=1.4.2"
            + " environment=staging session_id=sess-42 model=gpt-4o input_tokens=120 output_tokens=45 cost_usd=0.0012"
            + " score.relevance=0.9 note=\"a \\\"quoted\\\"\\nvalue\"",
        "span name=\"handle ticket\" kind=AGENT type=agent status=ERROR duration_ms=820.000"
            + " trace_id=00000000000000000000000000000001 span_id=0000000000000001 agent=support-bot version=1.4.2"
            + " environment=staging session_id=sess-42 error=\"order service = down\"");
    assertThat(logger.levels).containsExactly(Level.INFO, Level.WARN);
  }

  @Test
  void export_flaggedSpan_logsConformanceAndViolationCount() {
    FakeSpan s = FakeSpan.valid("web_search", SpanKind.TOOL);
    s.conformance = Conformance.violates(List.of(new Violation("input", "/q", "required", "q is required")));
    s.attributes = Map.of("k", "v");
    exporter.export(List.of(s));
    assertThat(logger.lines).singleElement().asString().contains(" conformance=VIOLATES violations=1 ", " k=v");
  }

  @Test
  void export_levelDisabled_logsNothing() {
    logger.threshold = Level.ERROR;
    FakeSpan ok = FakeSpan.valid("quiet", SpanKind.TOOL);
    assertThat(exporter.export(List.of(ok)).isSuccess()).isTrue();
    assertThat(logger.lines).isEmpty();
  }

  @Test
  void export_startEvents_areNotLogged() {
    FakeSpan start = FakeSpan.valid("starting", SpanKind.TOOL);
    start.ended = false;
    exporter.export(List.of(start));
    assertThat(logger.lines).isEmpty();
  }
}
