package dev.agentrace.exporters.internal;

import dev.agentrace.api.SpanKind;
import dev.agentrace.core.data.Conformance;
import dev.agentrace.core.data.RiskResult;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.data.SpanEvent;
import dev.agentrace.core.data.TokenUsage;
import dev.agentrace.core.data.Violation;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSONL record of a span: the format docs/exporters.md documents, field by field. Optional fields are
 * left out rather than written as null. Stateless and thread-safe.
 *
 * <p>Internal: not API, may change or disappear in any release. Public so that what writes or times
 * the JSONL exporter's records outside its package (the benchmarks) encodes them the one way it does.
 */
public final class JsonlRecord {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  /** A buffer per thread, kept while it is no larger than 1 MB, so a line costs one exact-size array. */
  private static final JsonOut.PerThread BUFFER = new JsonOut.PerThread(4096, 1 << 20);
  // Every property name, encoded once.
  private static final JsonName EVENT = JsonName.of("event");
  private static final JsonName DURATION_NANOS = JsonName.of("duration_nanos");
  private static final JsonName DURATION_MS = JsonName.of("duration_ms");
  private static final JsonName INPUT = JsonName.of("input");
  private static final JsonName OUTPUT = JsonName.of("output");
  private static final JsonName ATTRIBUTES = JsonName.of("attributes");
  private static final JsonName COST_USD = JsonName.of("cost_usd");
  private static final JsonName SCORES = JsonName.of("scores");
  private static final JsonName EVENTS = JsonName.of("events");
  private static final JsonName USAGE = JsonName.of("usage");
  private static final JsonName INPUT_TOKENS = JsonName.of("input_tokens");
  private static final JsonName OUTPUT_TOKENS = JsonName.of("output_tokens");
  private static final JsonName CACHED_INPUT_TOKENS = JsonName.of("cached_input_tokens");
  private static final JsonName REASONING_TOKENS = JsonName.of("reasoning_tokens");
  private static final JsonName TOTAL_TOKENS = JsonName.of("total_tokens");
  private static final JsonName CONFORMANCE = JsonName.of("conformance");
  private static final JsonName STATUS = JsonName.of("status");
  private static final JsonName VIOLATIONS = JsonName.of("violations");
  private static final JsonName RISK = JsonName.of("risk");
  private static final JsonName LEVEL = JsonName.of("level");
  private static final JsonName SCORE = JsonName.of("score");
  private static final JsonName CATEGORIES = JsonName.of("categories");
  private static final JsonName REDACTED = JsonName.of("redacted");
  private static final JsonName TRACE_ID = JsonName.of("trace_id");
  private static final JsonName SPAN_ID = JsonName.of("span_id");
  private static final JsonName PARENT_SPAN_ID = JsonName.of("parent_span_id");
  private static final JsonName NAME = JsonName.of("name");
  private static final JsonName KIND = JsonName.of("kind");
  private static final JsonName TYPE = JsonName.of("type");
  private static final JsonName AGENT = JsonName.of("agent");
  private static final JsonName VERSION = JsonName.of("version");
  private static final JsonName ENVIRONMENT = JsonName.of("environment");
  private static final JsonName SESSION_ID = JsonName.of("session_id");
  private static final JsonName USER_ID = JsonName.of("user_id");
  private static final JsonName MODEL = JsonName.of("model");
  private static final JsonName THREAD = JsonName.of("thread");
  private static final JsonName STATUS_MESSAGE = JsonName.of("status_message");
  private static final JsonName REASON = JsonName.of("reason");
  private static final JsonName PART = JsonName.of("part");
  private static final JsonName PATH = JsonName.of("path");
  private static final JsonName KEYWORD = JsonName.of("keyword");
  private static final JsonName MESSAGE = JsonName.of("message");
  private static final JsonName START_TIME_UNIX_NANO = JsonName.of("start_time_unix_nano");
  private static final JsonName START_TIME = JsonName.of("start_time");
  private static final JsonName END_TIME_UNIX_NANO = JsonName.of("end_time_unix_nano");
  private static final JsonName END_TIME = JsonName.of("end_time");
  private static final JsonName TIME_UNIX_NANO = JsonName.of("time_unix_nano");
  private static final JsonName TIME = JsonName.of("time");

  private JsonlRecord() {}

  /** One complete line, newline included. */
  public static byte[] line(SpanData s) {
    JsonOut out = BUFFER.take();
    write(out, s);
    out.raw('\n');
    byte[] line = out.toByteArray();
    BUFFER.give(out);
    return line;
  }

  private static void write(JsonOut g, SpanData s) {
    boolean ended = s.ended();
    g.startObject();
    g.name(EVENT).string(ended ? "end" : "start");
    text(g, TRACE_ID, s.traceId());
    text(g, SPAN_ID, s.spanId());
    long parentId = s.parentSpanIdLong();
    if (parentId != 0) {
      g.name(PARENT_SPAN_ID).hexString(parentId); // what parentSpanId() spells, without making the string
    } else {
      String parent = s.parentSpanId();
      if (parent != null && !parent.isEmpty()) {
        text(g, PARENT_SPAN_ID, parent);
      }
    }
    text(g, NAME, s.name());
    SpanKind kind = s.kind();
    text(g, KIND, kind == null ? null : kind.name());
    text(g, TYPE, s.type());
    text(g, AGENT, s.agent());
    text(g, VERSION, s.version());
    text(g, ENVIRONMENT, s.environment());
    text(g, SESSION_ID, s.sessionId());
    text(g, USER_ID, s.userId());
    text(g, MODEL, s.model());
    text(g, THREAD, s.threadName());
    time(g, START_TIME_UNIX_NANO, START_TIME, s.startEpochNanos());
    if (ended) {
      time(g, END_TIME_UNIX_NANO, END_TIME, s.endEpochNanos());
      long duration = s.durationNanos();
      g.name(DURATION_NANOS).number(duration);
      g.name(DURATION_MS).number(duration / 1e6);
      text(g, STATUS, s.status() == null ? null : s.status().name());
      text(g, STATUS_MESSAGE, s.statusMessage());
    }
    String input = s.input();
    if (input != null) {
      g.name(INPUT).embedded(input);
    }
    String output = s.output();
    if (output != null) {
      g.name(OUTPUT).embedded(output);
    }
    Map<String, Object> attributes = s.attributes();
    if (attributes != null && !attributes.isEmpty()) {
      g.name(ATTRIBUTES).object(attributes);
    }
    events(g, s.events());
    usage(g, s.usage());
    Double cost = s.cost();
    if (cost != null) {
      g.name(COST_USD).value(cost);
    }
    Map<String, Double> scores = s.scores();
    if (scores != null && !scores.isEmpty()) {
      g.name(SCORES).object(scores);
    }
    if (ended) {
      conformance(g, s.conformance());
      risk(g, s.risk());
    }
    g.endObject();
  }

  private static void events(JsonOut g, List<SpanEvent> events) {
    if (events == null || events.isEmpty()) {
      return;
    }
    g.name(EVENTS).startArray();
    for (SpanEvent e : events) {
      if (e == null) {
        continue;
      }
      g.startObject();
      text(g, NAME, e.name());
      time(g, TIME_UNIX_NANO, TIME, e.epochNanos());
      if (!e.attributes().isEmpty()) {
        g.name(ATTRIBUTES).object(e.attributes());
      }
      g.endObject();
    }
    g.endArray();
  }

  private static void usage(JsonOut g, TokenUsage u) {
    if (u == null) {
      return;
    }
    g.name(USAGE).startObject();
    g.name(INPUT_TOKENS).number(u.inputTokens());
    g.name(OUTPUT_TOKENS).number(u.outputTokens());
    g.name(CACHED_INPUT_TOKENS).number(u.cachedInputTokens());
    g.name(REASONING_TOKENS).number(u.reasoningTokens());
    g.name(TOTAL_TOKENS).number(u.totalTokens());
    g.endObject();
  }

  private static void conformance(JsonOut g, Conformance c) {
    if (c == null || c.status() == null) {
      return;
    }
    g.name(CONFORMANCE).startObject();
    g.name(STATUS).string(c.status().name());
    text(g, REASON, c.reason());
    List<Violation> violations = c.violations();
    if (violations != null && !violations.isEmpty()) {
      g.name(VIOLATIONS).startArray();
      for (Violation v : violations) {
        if (v == null) {
          continue;
        }
        g.startObject();
        text(g, PART, v.part());
        text(g, PATH, v.path());
        text(g, KEYWORD, v.keyword());
        text(g, MESSAGE, v.message());
        g.endObject();
      }
      g.endArray();
    }
    g.endObject();
  }

  private static void risk(JsonOut g, RiskResult r) {
    if (r == null || r.level() == null) {
      return;
    }
    g.name(RISK).startObject();
    g.name(LEVEL).string(r.level().name());
    g.name(SCORE).number(r.score());
    g.name(CATEGORIES).startArray();
    for (String c : r.categories()) {
      if (c != null) {
        g.string(c);
      }
    }
    g.endArray();
    g.name(REDACTED).bool(r.redacted());
    g.endObject();
  }

  /** {@code <name>_unix_nano} as a number and {@code <name>} as ISO-8601 UTC, as {@link Instant#toString} has it. */
  private static void time(JsonOut g, JsonName nanosName, JsonName name, long epochNanos) {
    g.name(nanosName).number(epochNanos);
    byte[] iso = new byte[30];
    g.name(name).asciiString(iso, 0, isoInstant(epochNanos, iso));
  }

  /**
   * Writes {@code Instant.toString()} of {@code epochNanos} into {@code out} and returns its length, without
   * the formatter: a long of nanoseconds spans the years 1677 to 2262, always four digits, so the format is
   * fixed but for the fraction, which has 0, 3, 6 or 9 digits as the value needs.
   */
  static int isoInstant(long epochNanos, byte[] out) {
    long seconds = Math.floorDiv(epochNanos, NANOS_PER_SECOND);
    int nanos = (int) Math.floorMod(epochNanos, NANOS_PER_SECOND);
    long days = Math.floorDiv(seconds, 86_400L);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
    // Civil date from days since 1970-01-01 in the proleptic Gregorian calendar (eras of 400 years from March 1st).
    long z = days + 719_468L;
    long era = Math.floorDiv(z, 146_097L);
    long dayOfEra = z - era * 146_097L;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long mp = (5 * dayOfYear + 2) / 153;
    int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
    int p = digits(out, 0, year, 4);
    out[p++] = '-';
    p = digits(out, p, month, 2);
    out[p++] = '-';
    p = digits(out, p, day, 2);
    out[p++] = 'T';
    p = digits(out, p, secondOfDay / 3600, 2);
    out[p++] = ':';
    p = digits(out, p, secondOfDay / 60 % 60, 2);
    out[p++] = ':';
    p = digits(out, p, secondOfDay % 60, 2);
    if (nanos != 0) {
      out[p++] = '.';
      if (nanos % 1_000_000 == 0) {
        p = digits(out, p, nanos / 1_000_000, 3);
      } else if (nanos % 1000 == 0) {
        p = digits(out, p, nanos / 1000, 6);
      } else {
        p = digits(out, p, nanos, 9);
      }
    }
    out[p++] = 'Z';
    return p;
  }

  private static int digits(byte[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    return at + width;
  }

  private static void text(JsonOut g, JsonName name, String value) {
    if (value != null) {
      g.name(name).string(value);
    }
  }
}
