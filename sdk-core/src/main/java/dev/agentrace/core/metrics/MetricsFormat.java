package dev.agentrace.core.metrics;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/** Text and JSON renderings of a {@link MetricsSnapshot}. */
final class MetricsFormat {
  private static final JsonFactory JSON = JsonFactory.builder().build();
  /** Column headers; type, kind and quality are left-aligned, the rest right-aligned. */
  private static final String[] HEADER = {"type", "kind", "count", "err", "p50", "p95", "p99", "max", "in tok",
      "out tok", "mean $", "total $", "trace $", "risk", "quality"};
  private static final int TYPE = 0;
  private static final int KIND = 1;
  private static final int RISK = HEADER.length - 2;
  private static final int QUALITY = HEADER.length - 1;
  /** Columns that may be "-" (or empty) on every row, and are then left out. */
  private static final int FIRST_OPTIONAL = 8;
  static final String LEGEND =
      "latency in ms; mean $, total $: over the spans with a cost; trace $: per root; risk: p95, 0-100; quality: mean";

  private MetricsFormat() {}

  static String windowLabel(Metrics.Window w) {
    return switch (w) {
      case SINCE_START -> "since start";
      case LAST_MINUTE -> "last minute";
      case LAST_5_MINUTES -> "last 5 minutes";
    };
  }

  /**
   * One block per agent identity (title line, header, a row per key), then the overflow row and a legend.
   * Columns are as wide as their widest cell, and optional columns (tokens, cost, risk, quality) empty on
   * every row are left out (risk also when it is 0 on every row), so the table fits a terminal.
   */
  static String table(MetricsSnapshot s) {
    List<Object> lines = new ArrayList<>(); // String titles and notes, String[] header and rows
    List<String[]> cells = new ArrayList<>();
    String identity = null;
    for (Map.Entry<MetricsKey, SpanMetrics> e : s.entries().entrySet()) {
      MetricsKey k = e.getKey();
      String id = k.agent() + " " + k.version() + " " + k.environment();
      if (!id.equals(identity)) {
        if (identity != null) {
          lines.add("");
        }
        identity = id;
        lines.add(id + " · " + windowLabel(s.window()));
        lines.add(HEADER);
      }
      String[] row = row(k.type(), k.kind().name(), e.getValue());
      lines.add(row);
      cells.add(row);
    }
    if (identity == null) {
      return s.agent() + ' ' + s.version() + ' ' + s.environment() + " · " + windowLabel(s.window()) + " · no spans\n"
          + (s.overflow().count() > 0 ? overflow(s) : "");
    }
    if (s.overflow().count() > 0) {
      String[] row = row("(overflow)", "-", s.overflow());
      lines.add(row);
      cells.add(row);
      lines.add("(overflow: spans of keys beyond metricsMaxKeys, all added up)");
    }
    lines.add(LEGEND);
    boolean[] shown = new boolean[HEADER.length];
    int[] width = new int[HEADER.length];
    for (int c = 0; c < HEADER.length; c++) {
      shown[c] = c < FIRST_OPTIONAL;
      width[c] = HEADER[c].length();
      for (String[] row : cells) {
        // A risk p95 of 0 everywhere says only that nothing risky was seen: left out like an empty column.
        shown[c] |= !row[c].isEmpty() && !row[c].equals("-") && !(c == RISK && row[c].equals("0"));
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (Object line : lines) {
      if (line instanceof String text) {
        out.append(text).append('\n');
        continue;
      }
      StringBuilder l = new StringBuilder();
      String[] row = (String[]) line;
      for (int c = 0; c < row.length; c++) {
        if (!shown[c]) {
          continue;
        }
        if (l.length() > 0) {
          l.append(' ');
        }
        boolean left = c == TYPE || c == KIND || c == QUALITY;
        pad(l, row[c], width[c], left);
      }
      out.append(l.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  private static String overflow(MetricsSnapshot s) {
    SpanMetrics m = s.overflow();
    return "(overflow) " + m.count() + " spans, " + m.errors() + " errors, spans of keys beyond metricsMaxKeys\n";
  }

  private static void pad(StringBuilder out, String cell, int width, boolean left) {
    if (left) {
      out.append(cell);
    }
    for (int i = cell.length(); i < width; i++) {
      out.append(' ');
    }
    if (!left) {
      out.append(cell);
    }
  }

  private static String[] row(String type, String kind, SpanMetrics m) {
    StringJoiner q = new StringJoiner(" ");
    m.quality().forEach((name, d) -> q.add(name + "=" + fixed(d.mean(), 3)));
    Distribution l = m.latency();
    return new String[] {clip(type, 24), kind, Long.toString(m.count()), Long.toString(m.errors()), millis(l.p50()),
        millis(l.p95()), millis(l.p99()), millis(l.max()), fixed(m.inputTokens().mean(), 0),
        fixed(m.outputTokens().mean(), 0), usd(m.cost().mean()), m.cost().count() == 0 ? "-" : usd(m.cost().sum()),
        usd(m.traceCost().mean()), m.risk().count() == 0 ? "-" : fixed(m.risk().p95(), 0), q.toString()};
  }

  /**
   * US dollars with six decimals, the precision of the mean, so a total is never shown as 0 beside a
   * non-zero mean; amounts too small for six decimals in scientific notation rather than as 0.
   */
  static String usd(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    if (v != 0 && Math.abs(v) < 0.0000005) {
      return String.format(Locale.ROOT, "%.2e", v);
    }
    return fixed(v, 6);
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
