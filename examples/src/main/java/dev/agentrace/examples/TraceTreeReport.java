package dev.agentrace.examples;

import dev.agentrace.core.ExportResult;
import dev.agentrace.core.SpanData;
import dev.agentrace.core.SpanExporter;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Collects ended spans and prints each trace as an indented tree once the run is over. */
final class TraceTreeReport implements SpanExporter {
  private final List<SpanData> spans = new ArrayList<>();

  @Override
  public synchronized ExportResult export(List<SpanData> batch) {
    spans.addAll(batch);
    return ExportResult.success();
  }

  synchronized void print(PrintStream out) {
    Map<String, List<SpanData>> traces = new LinkedHashMap<>();
    spans.stream().sorted(Comparator.comparingLong(SpanData::startEpochNanos))
        .forEach(s -> traces.computeIfAbsent(s.traceId(), k -> new ArrayList<>()).add(s));
    for (List<SpanData> trace : traces.values()) {
      out.println("trace " + trace.get(0).traceId());
      trace.stream().filter(s -> s.parentSpanId() == null).forEach(root -> print(out, trace, root, 1));
      out.println();
    }
  }

  private void print(PrintStream out, List<SpanData> trace, SpanData span, int depth) {
    StringBuilder line = new StringBuilder("  ".repeat(depth));
    line.append(String.format(Locale.ROOT, "%-9s %-14s %8.1f ms  %-5s", span.kind(), span.name(),
        span.durationNanos() / 1e6, span.status()));
    if (span.usage() != null) {
      line.append("  tokens ").append(span.usage().inputTokens()).append('/').append(span.usage().outputTokens());
    }
    if (span.statusMessage() != null) {
      line.append("  ").append(span.statusMessage());
    }
    line.append("  [").append(span.threadName().isEmpty() ? "virtual" : span.threadName()).append(']');
    out.println(line);
    for (SpanData child : trace) {
      if (span.spanId().equals(child.parentSpanId())) {
        print(out, trace, child, depth + 1);
      }
    }
  }
}
