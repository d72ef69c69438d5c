package dev.agentrace.exporters.internal;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanContext;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.SpanStatus;
import dev.agentrace.core.data.Conformance;
import dev.agentrace.core.data.RiskLevel;
import dev.agentrace.core.data.RiskResult;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.data.SpanEvent;
import dev.agentrace.core.data.TokenUsage;
import dev.agentrace.core.data.Violation;
import dev.agentrace.core.export.ExportResult;
import dev.agentrace.exporters.FakeSpan;
import dev.agentrace.exporters.TestSdk;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Spans for the tests that hold the encoders to the bytes of the Jackson-based encoders they replaced
 * (the Legacy* classes): real agent runs, every optional field, hostile text, and embedded JSON in the
 * forms the fast path copies as it is and the forms it must hand to Jackson. Seeded, so a failure repeats.
 */
public final class EncodingCorpus {
  /** Text that exercises every escaping and UTF-8 rule: controls, quotes, DEL, C1, BMP, pairs, lone halves. */
  public static final List<String> TEXT = List.of("", "plain", "q\"uote\\back/slash", "\u0000\u0001\u0007\b\t\n\u000b\f\r\u001b\u001f",
      "\u007f\u0080\u0085\u009f\u00e9\u00ff", "\u2028\u2029\u20ac\uffff\ufffd", "\uD83D\uDE00 pair", "lone \uD800 high",
      "lone \uDC00 low", "end \uD83D", "\uDE00 start", "\u4e2d\u6587 text", "x".repeat(300), "\u00e9".repeat(200));

  /** Embedded payloads: canonical JSON (copied as it is) and everything else (re-serialized or quoted). */
  public static final List<String> JSON = List.of("{}", "[]", "{\"a\":1}", "[1,-2,0,123456789012345678]",
      "{\"k\":\"v\",\"n\":null,\"t\":true,\"f\":false,\"l\":[{},[],\"\"]}", "\"just a string\"", "\"esc \\\" \\\\ \\n \\t \\b \\f \\r \\u0000 \\u001f\"",
      "\"\\u001F\"", "\"\\u0041\"", "\"\\/\"", "\"\\ud83d\\ude00\"", "\"\\ud800\"", "\"\\u00e9\"", "\"\\u000a\"", "-0", "0", "-1", "01", "1.5",
      "1e5", "1E5", "-0.0", "1.10", "12345678901234567890", "1234567890123456789", "123456789012345678", "true", "false", "null",
      "{\n  \"query\": \"refund policy\",\n  \"k\": 3\n}", " {}", "{} ", "{\"hits\": [\"a\", \"b\"]", "", "   ", "nul", "tru", "[1,]",
      "{\"a\":1,}", "{\"a\" :1}", "[1 ,2]", "{\"a\":1}{\"b\":2}", "[1] [2]", "{'a':1}", "{\"a\":NaN}", "[\"\u0001\"]", "[\"\u00e9\u20ac\"]",
      "[\"\uD83D\uDE00\"]", "[\"\uD800\"]", "{\"\u00e9\":\"\u2028\"}", "[" + "[".repeat(150) + "]".repeat(150) + "]",
      "[" + "[".repeat(2000) + "]".repeat(2000) + "]", "{\"a\":[1,2,{\"b\":{\"c\":[true,false,null]}}]}", "[-]", "[--1]", "[+1]", "\"unterminated",
      "{\"a\":1", "[1", "{\"a\"}", "{1:2}", "[\"a\"\"b\"]", "\"tab\there\"", "[1.0,2.50,3e-7,-4E+2]", "{\"x\":-9223372036854775808}",
      "[0,-0,00]", "\"\\x\"", "\"\\u00G0\"", "\"\\u00\"", "\uFEFF{}", "{\"a\":\"b\"}\n");

  private static final Map<String, Object> CHAT = Map.of("model", "gpt-4o", "temperature", 0.2, "messages", List.of(
      Map.of("role", "system", "content", "You are a helpful support agent for Acme. Answer briefly."),
      Map.of("role", "user", "content", "Where is my order #A-1042? It was due \u00e9 last Tuesday."),
      Map.of("role", "assistant", "content", "Let me check the carrier."),
      Map.of("role", "tool", "content", "{\"status\":\"in_transit\"}"),
      Map.of("role", "user", "content", "Thanks \uD83D\uDE00")));

  private EncodingCorpus() {}

  /** Spans from a real SDK: an agent run with an LLM step and a tool call, starts and ends, as exporters get them. */
  public static List<SpanData> realRun() {
    List<SpanData> captured = Collections.synchronizedList(new ArrayList<>());
    try (TestSdk t = TestSdk.with(new dev.agentrace.core.export.SpanExporter() {
      @Override
      public ExportResult export(List<SpanData> batch) {
        captured.addAll(batch);
        return ExportResult.success();
      }

      @Override
      public boolean exportsStarts() {
        return true;
      }
    })) {
      for (int i = 0; i < 4; i++) {
        try (Span run = t.tracer().span("handle_ticket").kind(SpanKind.AGENT).session("session-" + i).user("user-7")
            .input("Where is my order #A-1042?").start()) {
          t.advanceMillis(3);
          t.now.addAndGet(i * 123_457L);
          try (Span llm = t.tracer().span("plan").kind(SpanKind.LLM).model("gpt-4o").input(CHAT).attribute("temperature", 0.2)
              .attribute("gen_ai.operation.name", "text_completion").start()) {
            t.now.addAndGet(1_000L * i);
            llm.event("first_token", Map.of("index", 3L));
            llm.output(Map.of("role", "assistant", "content", "Let me check the carrier.")).usage(412, 38, i, 2L * i).cost(0.0012 * i)
                .score("relevance", 0.9);
          }
          t.tracer().span("lookup_order").kind(SpanKind.TOOL).type("lookup_order").input(Map.of("order", "A-1042"))
              .call(() -> Map.of("status", "in_transit", "eta", "2025-06-12"));
          t.advanceMillis(7);
          if (i == 2) {
            run.error(new IllegalStateException("carrier \"down\"\n"));
          } else {
            run.output("Your order arrives on June 12.");
          }
        }
      }
      t.flush();
    }
    return List.copyOf(captured);
  }

  /** Hand-made spans: every optional field, the text and payloads above, odd numbers and times. */
  public static List<SpanData> handMade(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<SpanData> out = new ArrayList<>();
    long[] times = {0L, 1L, 999L, 1_000L, 1_000_000L, 1_700_000_000_000_000_000L, 1_700_000_000_123_000_000L,
        1_700_000_000_123_456_000L, 1_700_000_000_123_456_789L, -1L, -1_000_000_001L, Long.MAX_VALUE, Long.MIN_VALUE,
        9_000_000_000_000_000_000L, 951_782_400_000_000_000L, 4_107_542_400_000_000_000L};
    for (int i = 0; i < 400; i++) {
      SpanKind kind = SpanKind.values()[i % SpanKind.values().length];
      FakeSpan s = FakeSpan.valid(pick(random, TEXT), kind);
      s.ended = i % 7 != 3;
      s.start = times[i % times.length] + (i < times.length ? 0 : random.nextLong(1_000_000_000_000L));
      s.end = i % 5 == 0 ? s.start + random.nextLong(10_000_000_000L) : times[random.nextInt(times.length)];
      s.parentSpanId = i % 3 == 0 ? null : i % 3 == 1 ? "" : "00f067aa0ba902b7";
      if (i % 11 == 0) {
        s.spanContext = SpanContext.createRemote(s.traceId, s.spanId, (byte) 1, i % 22 == 0 ? "" : "vendor=" + pick(random, TEXT).length());
      }
      s.kind = i % 13 == 0 ? null : kind;
      s.type = i % 9 == 0 ? null : pick(random, TEXT);
      s.agent = i % 17 == 0 ? null : pick(random, TEXT);
      s.version = i % 4 == 0 ? "" : pick(random, TEXT);
      s.environment = pick(random, TEXT);
      s.sessionId = i % 2 == 0 ? null : pick(random, TEXT);
      s.userId = pick(random, TEXT);
      s.model = i % 3 == 0 ? null : pick(random, TEXT);
      s.threadName = i % 10 == 0 ? null : pick(random, TEXT);
      s.status = i % 6 == 0 ? null : SpanStatus.values()[i % SpanStatus.values().length];
      s.statusMessage = i % 2 == 0 ? null : pick(random, TEXT);
      s.input = i % 8 == 0 ? null : random.nextBoolean() ? pick(random, JSON) : pick(random, TEXT);
      s.output = i % 5 == 0 ? null : random.nextBoolean() ? pick(random, JSON) : randomJson(random, 0);
      s.attributes = attributes(random, i);
      s.events = i % 4 == 0 ? List.of() : Arrays.asList(new SpanEvent(pick(random, TEXT), times[i % times.length], attributes(random, i + 1)),
          null, new SpanEvent("e", 5L, Map.of()));
      s.usage = i % 3 == 0 ? null : new TokenUsage(random.nextLong(1 << 20) + 7, i + 3, i % 2 == 0 ? 0 : 7, i % 4 == 0 ? 0 : 3);
      s.cost = i % 4 == 0 ? null : new double[] {0.0012, 0.0, -0.0, 1e-9, 1e21, 123456.789, Double.NaN, Double.POSITIVE_INFINITY}[i % 8];
      s.scores = i % 3 == 0 ? null : map("relevance", 0.9, pick(random, TEXT), (double) i / 7, "inf", Double.NEGATIVE_INFINITY);
      s.conformance = switch (i % 5) {
        case 0 -> null;
        case 1 -> Conformance.conforms();
        case 2 -> Conformance.violates(Arrays.asList(new Violation("input", "/a/" + pick(random, TEXT), "type", pick(random, TEXT)),
            new Violation(null, null, null, null)));
        case 3 -> Conformance.undeclared(pick(random, TEXT));
        default -> Conformance.notChecked(pick(random, TEXT));
      };
      s.risk = switch (i % 4) {
        case 0 -> null;
        case 1 -> RiskResult.none();
        case 2 -> new RiskResult(RiskLevel.HIGH, 80, List.of("pii", pick(random, TEXT)), true);
        default -> new RiskResult(RiskLevel.values()[i % RiskLevel.values().length], i, List.of(), false);
      };
      out.add(s);
    }
    return out;
  }

  private static Map<String, Object> attributes(SplittableRandom random, int i) {
    if (i % 4 == 0) {
      return Map.of();
    }
    Map<String, Object> a = new LinkedHashMap<>();
    a.put(pick(random, TEXT), pick(random, TEXT));
    a.put("long", random.nextLong());
    a.put("int", (Integer) i);
    a.put("short", (short) i);
    a.put("double", new double[] {0.2, -0.0, 1e300, 5e-324, Double.NaN, 1.0 / 3}[i % 6]);
    a.put("float", 0.1f);
    a.put("bool", i % 2 == 0);
    a.put("list", Arrays.asList("a", null, pick(random, TEXT), 3L));
    a.put("object", new StringBuilder("sb ").append(pick(random, TEXT)));
    if (i % 3 == 0) {
      a.put("gen_ai.request.model", "override");
      a.put("input.value", "override " + i);
      a.put("agentrace.score.relevance", "override");
    }
    return a;
  }

  /** A random JSON-ish text: usually canonical JSON, sometimes with a defect the fast path must notice. */
  private static String randomJson(SplittableRandom random, int depth) {
    StringBuilder sb = new StringBuilder();
    appendRandom(sb, random, depth);
    if (random.nextInt(10) == 0 && sb.length() > 1) {
      int at = random.nextInt(sb.length());
      String[] defects = {" ", "\n", ".5", "e3", ",", "\\", "\"", "-", "0", "\\u00e9", "\\u001F", "\u0001"};
      sb.insert(at, defects[random.nextInt(defects.length)]);
    }
    return sb.toString();
  }

  private static void appendRandom(StringBuilder sb, SplittableRandom random, int depth) {
    switch (depth > 4 ? random.nextInt(4) : random.nextInt(7)) {
      case 0 -> sb.append(random.nextInt(3) == 0 ? -random.nextLong(1L << 62) : random.nextLong(100));
      case 1 -> sb.append(random.nextBoolean() ? "true" : random.nextBoolean() ? "false" : "null");
      case 2, 3 -> {
        sb.append('"');
        JsonTextAppend.appendEscaped(sb, pick(random, TEXT));
        sb.append('"');
      }
      case 4 -> {
        sb.append('[');
        for (int n = random.nextInt(4), k = 0; k < n; k++) {
          sb.append(k == 0 ? "" : ",");
          appendRandom(sb, random, depth + 1);
        }
        sb.append(']');
      }
      default -> {
        sb.append('{');
        for (int n = random.nextInt(4), k = 0; k < n; k++) {
          sb.append(k == 0 ? "\"" : ",\"");
          JsonTextAppend.appendEscaped(sb, pick(random, TEXT));
          sb.append("\":");
          appendRandom(sb, random, depth + 1);
        }
        sb.append('}');
      }
    }
  }

  /** Escapes as the SDK's payload capture does, so most random payloads are canonical. */
  private static final class JsonTextAppend {
    static void appendEscaped(StringBuilder sb, String s) {
      dev.agentrace.core.internal.JsonText.appendEscaped(sb, s, 0, s.length(), Integer.MAX_VALUE);
    }
  }

  private static Map<String, Double> map(Object... kv) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (Double) kv[i + 1]);
    }
    return m;
  }

  private static String pick(SplittableRandom random, List<String> from) {
    return from.get(random.nextInt(from.size()));
  }
}
