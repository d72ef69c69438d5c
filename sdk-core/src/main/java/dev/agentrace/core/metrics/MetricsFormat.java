package dev.agentrace.core.metrics;

import java.io.StringWriter;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/** Text and JSON renderings of a {@link MetricsSnapshot}. */
final class MetricsFormat {
  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final String ROW = "%-24s %-10s %7s %5s %9s %9s %9s %9s %8s %8s %10s %10s %10s %8s  %s";

  private MetricsFormat() {}

  static String windowLabel(Metrics.Window w) {
    return switch (w) {
      case SINCE_START -> "since start";
      case LAST_MINUTE -> "last minute";
      case LAST_5_MINUTES -> "last 5 minutes";
    };
  }

  static String table(MetricsSnapshot s) {
    StringBuilder out = new StringBuilder();
    String identity = null;
    for (Map.Entry<MetricsKey, SpanMetrics> e : s.entries().entrySet()) {
      MetricsKey k = e.getKey();
      String id = k.agent() + " " + k.version() + " " + k.environment();
      if (!id.equals(identity)) {
        if (identity != null) {
          out.append('\n');
        }
        identity = id;
        out.append(id).append(" · ").append(windowLabel(s.window())).append('\n');
        out.append(String.format(Locale.ROOT, ROW, "type", "kind", "count", "err", "p50 ms", "p95 ms", "p99 ms",
            "max ms", "in tok", "out tok", "mean $", "total $", "trace $", "risk p95", "quality (mean)").stripTrailing())
            .append('\n');
      }
      row(out, k.type(), k.kind().name(), e.getValue());
    }
    if (identity == null) {
      out.append(s.agent()).append(' ').append(s.version()).append(' ').append(s.environment()).append(" · ")
          .append(windowLabel(s.window())).append(" · no spans\n");
    }
    if (s.overflow().count() > 0) {
      row(out, "(overflow)", "-", s.overflow());
      out.append("(overflow: spans of keys beyond metricsMaxKeys, all added up)\n");
    }
    return out.toString();
  }

  private static void row(StringBuilder out, String type, String kind, SpanMetrics m) {
    StringJoiner q = new StringJoiner(" ");
    m.quality().forEach((name, d) -> q.add(name + "=" + fixed(d.mean(), 3)));
    Distribution l = m.latency();
    out.append(String.format(Locale.ROOT, ROW, clip(type, 24), kind, m.count(), m.errors(), millis(l.p50()),
        millis(l.p95()), millis(l.p99()), millis(l.max()), fixed(m.inputTokens().mean(), 0),
        fixed(m.outputTokens().mean(), 0), fixed(m.cost().mean(), 6), m.cost().count() == 0 ? "-" : fixed(m.cost().sum(), 4),
        fixed(m.traceCost().mean(), 6), fixed(m.risk().p95(), 0), q.toString()).stripTrailing()).append('\n');
  }

  private static String clip(String s, int width) {
    return s.length() <= width ? s : s.substring(0, width - 1) + "…";
  }

  /** Milliseconds with the decimals that matter at that magnitude. */
  static String millis(double ms) {
    if (Double.isNaN(ms)) {
      return "-";
    }
    return fixed(ms, ms < 10 ? 2 : ms < 1000 ? 1 : 0);
  }

  static String fixed(double v, int decimals) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  static String json(MetricsSnapshot s) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), w)) {
      g.writeStartObject();
      g.writeStringProperty("agent", s.agent());
      g.writeStringProperty("version", s.version());
      g.writeStringProperty("environment", s.environment());
      g.writeStringProperty("window", s.window().name());
      g.writeNumberProperty("takenAtEpochNanos", s.takenAtEpochNanos());
      g.writeName("entries");
      g.writeStartArray();
      for (Map.Entry<MetricsKey, SpanMetrics> e : s.entries().entrySet()) {
        MetricsKey k = e.getKey();
        g.writeStartObject();
        g.writeStringProperty("agent", k.agent());
        g.writeStringProperty("version", k.version());
        g.writeStringProperty("environment", k.environment());
        g.writeStringProperty("kind", k.kind().name());
        g.writeStringProperty("type", k.type());
        metrics(g, e.getValue());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeName("overflow");
      g.writeStartObject();
      metrics(g, s.overflow());
      g.writeEndObject();
      g.writeEndObject();
    }
    return w.toString();
  }

  private static void metrics(JsonGenerator g, SpanMetrics m) {
    g.writeNumberProperty("count", m.count());
    g.writeNumberProperty("errors", m.errors());
    distribution(g, "latencyMs", m.latency());
    distribution(g, "inputTokens", m.inputTokens());
    distribution(g, "outputTokens", m.outputTokens());
    distribution(g, "costUsd", m.cost());
    distribution(g, "traceCostUsd", m.traceCost());
    distribution(g, "risk", m.risk());
    g.writeName("quality");
    g.writeStartObject();
    for (Map.Entry<String, Distribution> e : m.quality().entrySet()) {
      distribution(g, e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  private static void distribution(JsonGenerator g, String name, Distribution d) {
    g.writeName(name);
    g.writeStartObject();
    g.writeNumberProperty("count", d.count());
    number(g, "sum", d.sum());
    number(g, "mean", d.mean());
    number(g, "min", d.min());
    number(g, "p50", d.p50());
    number(g, "p90", d.p90());
    number(g, "p95", d.p95());
    number(g, "p99", d.p99());
    number(g, "p999", d.p999());
    number(g, "max", d.max());
    g.writeEndObject();
  }

  private static void number(JsonGenerator g, String name, double v) {
    g.writeName(name);
    if (Double.isFinite(v)) {
      g.writeNumber(v);
    } else {
      g.writeNull();
    }
  }
}
