package dev.agentrace.exporters.internal;

import dev.agentrace.api.SpanKind;
import dev.agentrace.core.data.Conformance;
import dev.agentrace.core.data.RiskResult;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.data.SpanEvent;
import dev.agentrace.core.data.TokenUsage;
import dev.agentrace.core.data.Violation;
import dev.agentrace.core.internal.JsonText;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;

/**
 * The Jackson-era JsonlRecord as it was before the buffer-writing rewrite, kept unchanged in the tests as
 * the byte-for-byte reference the new encoder is held to (the *ReferenceTest classes).
 *
 * <p>The JSONL record of a span: the format docs/exporters.md documents, field by field. Optional fields are
 * left out rather than written as null. Stateless and thread-safe.
 *
 * <p>Internal: not API, may change or disappear in any release. Public so that what writes or times
 * the JSONL exporter's records outside its package (the benchmarks) encodes them the one way it does.
 */
final class LegacyJsonlRecord {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private LegacyJsonlRecord() {}

  /** One complete line, newline included. */
  static byte[] line(SpanData s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = Json.FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
      write(g, s);
    }
    out.write('\n');
    return out.toByteArray();
  }

  private static void write(JsonGenerator g, SpanData s) {
    boolean ended = s.ended();
    g.writeStartObject();
    g.writeStringProperty("event", ended ? "end" : "start");
    text(g, "trace_id", s.traceId());
    text(g, "span_id", s.spanId());
    String parent = s.parentSpanId();
    if (parent != null && !parent.isEmpty()) {
      text(g, "parent_span_id", parent);
    }
    text(g, "name", s.name());
    SpanKind kind = s.kind();
    text(g, "kind", kind == null ? null : kind.name());
    text(g, "type", s.type());
    text(g, "agent", s.agent());
    text(g, "version", s.version());
    text(g, "environment", s.environment());
    text(g, "session_id", s.sessionId());
    text(g, "user_id", s.userId());
    text(g, "model", s.model());
    text(g, "thread", s.threadName());
    time(g, "start", s.startEpochNanos());
    if (ended) {
      time(g, "end", s.endEpochNanos());
      g.writeNumberProperty("duration_nanos", s.durationNanos());
      g.writeNumberProperty("duration_ms", s.durationNanos() / 1e6);
      text(g, "status", s.status() == null ? null : s.status().name());
      text(g, "status_message", s.statusMessage());
    }
    if (s.input() != null) {
      g.writeName("input");
      Json.writeEmbedded(g, s.input());
    }
    if (s.output() != null) {
      g.writeName("output");
      Json.writeEmbedded(g, s.output());
    }
    Map<String, Object> attributes = s.attributes();
    if (attributes != null && !attributes.isEmpty()) {
      g.writeName("attributes");
      Json.writeObject(g, attributes);
    }
    events(g, s.events());
    usage(g, s.usage());
    if (s.cost() != null) {
      g.writeName("cost_usd");
      Json.writeValue(g, s.cost());
    }
    Map<String, Double> scores = s.scores();
    if (scores != null && !scores.isEmpty()) {
      g.writeName("scores");
      Json.writeObject(g, scores);
    }
    if (ended) {
      conformance(g, s.conformance());
      risk(g, s.risk());
    }
    g.writeEndObject();
  }

  private static void events(JsonGenerator g, List<SpanEvent> events) {
    if (events == null || events.isEmpty()) {
      return;
    }
    g.writeArrayPropertyStart("events");
    for (SpanEvent e : events) {
      if (e == null) {
        continue;
      }
      g.writeStartObject();
      text(g, "name", e.name());
      time(g, "", e.epochNanos());
      if (!e.attributes().isEmpty()) {
        g.writeName("attributes");
        Json.writeObject(g, e.attributes());
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void usage(JsonGenerator g, TokenUsage u) {
    if (u == null) {
      return;
    }
    g.writeObjectPropertyStart("usage");
    g.writeNumberProperty("input_tokens", u.inputTokens());
    g.writeNumberProperty("output_tokens", u.outputTokens());
    g.writeNumberProperty("cached_input_tokens", u.cachedInputTokens());
    g.writeNumberProperty("reasoning_tokens", u.reasoningTokens());
    g.writeNumberProperty("total_tokens", u.totalTokens());
    g.writeEndObject();
  }

  private static void conformance(JsonGenerator g, Conformance c) {
    if (c == null || c.status() == null) {
      return;
    }
    g.writeObjectPropertyStart("conformance");
    g.writeStringProperty("status", c.status().name());
    text(g, "reason", c.reason());
    List<Violation> violations = c.violations();
    if (violations != null && !violations.isEmpty()) {
      g.writeArrayPropertyStart("violations");
      for (Violation v : violations) {
        if (v == null) {
          continue;
        }
        g.writeStartObject();
        text(g, "part", v.part());
        text(g, "path", v.path());
        text(g, "keyword", v.keyword());
        text(g, "message", v.message());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void risk(JsonGenerator g, RiskResult r) {
    if (r == null || r.level() == null) {
      return;
    }
    g.writeObjectPropertyStart("risk");
    g.writeStringProperty("level", r.level().name());
    g.writeNumberProperty("score", r.score());
    g.writeArrayPropertyStart("categories");
    for (String c : r.categories()) {
      if (c != null) {
        g.writeString(JsonText.wellFormed(c));
      }
    }
    g.writeEndArray();
    g.writeBooleanProperty("redacted", r.redacted());
    g.writeEndObject();
  }

  /**
   * {@code <prefix>_time_unix_nano} as a number and {@code <prefix>_time} as ISO-8601 UTC (just
   * {@code time_unix_nano} and {@code time} for an empty prefix).
   */
  private static void time(JsonGenerator g, String prefix, long epochNanos) {
    String name = prefix.isEmpty() ? "time" : prefix + "_time";
    g.writeNumberProperty(name + "_unix_nano", epochNanos);
    Instant at = Instant.ofEpochSecond(Math.floorDiv(epochNanos, NANOS_PER_SECOND), Math.floorMod(epochNanos, NANOS_PER_SECOND));
    g.writeStringProperty(name, at.toString());
  }

  private static void text(JsonGenerator g, String name, String value) {
    if (value != null) {
      g.writeStringProperty(name, JsonText.wellFormed(value));
    }
  }
}
