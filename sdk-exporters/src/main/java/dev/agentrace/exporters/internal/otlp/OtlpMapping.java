package dev.agentrace.exporters.internal.otlp;

import dev.agentrace.api.SpanKind;
import dev.agentrace.api.SpanStatus;
import dev.agentrace.api.internal.Hex;
import dev.agentrace.core.data.Conformance;
import dev.agentrace.core.data.ConformanceStatus;
import dev.agentrace.core.data.RiskLevel;
import dev.agentrace.core.data.RiskResult;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.data.TokenUsage;
import dev.agentrace.core.data.Violation;
import dev.agentrace.core.internal.JsonText;
import dev.agentrace.exporters.internal.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The one place where a {@link SpanData} becomes OTLP: which spans are sent, the resource they are grouped
 * under, the wire span kind, the status code and every attribute. The protobuf and JSON encoders only
 * serialize what this class decides, so the two encodings cannot drift apart. docs/exporters.md carries
 * the same mapping as a table; change both together.
 *
 * <p>Attribute values are String, Long, Double, Boolean, or a List of Strings.
 *
 * <p>Internal: not API, may change or disappear in any release. Public so that code outside this package
 * which must produce the same spans as the OTLP exporter (the benchmarks' OpenTelemetry peer, an
 * OpenTelemetry integration) takes them from here instead of copying the mapping. Stateless and thread-safe.
 */
public final class OtlpMapping {
  /** The instrumentation scope every span is reported under. */
  public static final String SCOPE_NAME = "dev.agentrace";

  /** {@code SPAN_KIND_INTERNAL}, as {@link #spanKind} returns it. */
  public static final int KIND_INTERNAL = 1;
  /** {@code SPAN_KIND_CLIENT}, as {@link #spanKind} returns it. */
  public static final int KIND_CLIENT = 3;

  /** {@code STATUS_CODE_UNSET}, as {@link #statusCode} returns it. */
  public static final int STATUS_UNSET = 0;
  /** {@code STATUS_CODE_OK}. */
  public static final int STATUS_OK = 1;
  /** {@code STATUS_CODE_ERROR}. */
  public static final int STATUS_ERROR = 2;

  private OtlpMapping() {}

  /** The spans of a batch that share one resource (agent, version, environment). */
  public record ResourceGroup(Map<String, Object> resource, List<SpanData> spans) {}

  /** A batch ready for an encoder: its resource groups, and how many spans were left out as unsendable. */
  public record Batch(List<ResourceGroup> groups, int invalid) {}

  /**
   * Groups the ended spans of {@code spans} by resource. Spans whose ids are not valid lowercase hex cannot
   * be represented in OTLP (a collector would reject them); they are left out and counted, so the caller
   * reports them as rejected instead of losing them silently. Live start events are not spans yet and are
   * skipped.
   */
  public static Batch prepare(List<SpanData> spans) {
    Map<List<String>, ResourceGroup> groups = new LinkedHashMap<>();
    ResourceGroup last = null;
    List<String> lastKey = List.of();
    int invalid = 0;
    for (SpanData s : spans) {
      if (s == null) {
        invalid++;
        continue;
      }
      if (!s.ended()) {
        continue;
      }
      if (!hasValidIds(s)) {
        invalid++;
        continue;
      }
      String agent = s.agent();
      String version = s.version();
      String environment = s.environment();
      // Spans of one batch nearly always share one resource: only a change of resource looks up the map.
      if (last == null || !Objects.equals(agent, lastKey.get(0)) || !Objects.equals(version, lastKey.get(1))
          || !Objects.equals(environment, lastKey.get(2))) {
        lastKey = Arrays.asList(agent, version, environment);
        last = groups.computeIfAbsent(lastKey, k -> new ResourceGroup(resource(s), new ArrayList<>()));
      }
      last.spans().add(s);
    }
    return new Batch(List.copyOf(groups.values()), invalid);
  }

  private static boolean hasValidIds(SpanData s) {
    String trace = s.traceId();
    String span = s.spanId();
    if (!Hex.isLowerHex(trace, 32) || trace.equals("00000000000000000000000000000000")
        || !Hex.isLowerHex(span, 16) || span.equals("0000000000000000")) {
      return false;
    }
    if (s.parentSpanIdLong() != 0) {
      return true; // parentSpanId() is its hex: valid, and not worth making here
    }
    String parent = s.parentSpanId();
    return parent == null || parent.isEmpty() || Hex.isLowerHex(parent, 16);
  }

  /** Resource attributes: the agent identity and the SDK that produced the spans. */
  public static Map<String, Object> resource(SpanData s) {
    Map<String, Object> r = new LinkedHashMap<>();
    putText(r, "service.name", s.agent());
    putText(r, "service.version", s.version());
    putText(r, "deployment.environment.name", s.environment());
    r.put("telemetry.sdk.name", "agentrace");
    r.put("telemetry.sdk.language", "java");
    return r;
  }

  /**
   * The OTLP span kind. Calls that leave the process for a model or an index are CLIENT, as the GenAI
   * conventions ask for inference and embeddings; everything that runs in-process (tools, per the
   * conventions' execute_tool; the agent itself; chains, guardrails, evaluators) is INTERNAL.
   */
  public static int spanKind(SpanKind kind) {
    if (kind == null) {
      return KIND_INTERNAL;
    }
    return switch (kind) {
      case LLM, EMBEDDING, RETRIEVAL -> KIND_CLIENT;
      default -> KIND_INTERNAL;
    };
  }

  /** UNSET, OK and ERROR map one to one; a null status is UNSET. */
  public static int statusCode(SpanStatus status) {
    if (status == null) {
      return STATUS_UNSET;
    }
    return switch (status) {
      case OK -> STATUS_OK;
      case ERROR -> STATUS_ERROR;
      default -> STATUS_UNSET;
    };
  }

  /** The status message, sent only with ERROR as OTLP specifies. */
  public static String statusMessage(SpanData s) {
    return s.status() == SpanStatus.ERROR ? s.statusMessage() : null;
  }

  /** {@code gen_ai.operation.name} for the kinds the GenAI conventions name; null for the others. */
  static String operationName(SpanKind kind) {
    if (kind == null) {
      return null;
    }
    return switch (kind) {
      case LLM -> "chat";
      case TOOL -> "execute_tool";
      case AGENT -> "invoke_agent";
      case EMBEDDING -> "embeddings";
      case RETRIEVAL -> "retrieval";
      default -> null;
    };
  }

  /** {@code openinference.span.kind}: OpenInference's names; CUSTOM is its UNKNOWN. */
  static String openInferenceKind(SpanKind kind) {
    if (kind == null) {
      return "UNKNOWN";
    }
    return switch (kind) {
      case RETRIEVAL -> "RETRIEVER";
      case CUSTOM -> "UNKNOWN";
      default -> kind.name();
    };
  }

  /**
   * Receives a span's attributes one at a time, in the order {@link #attributes} holds them, so that an
   * encoder can write them without a map, a boxed number or an entry per attribute.
   */
  interface AttributeSink {
    void text(String key, String value);

    void integer(String key, long value);

    void decimal(String key, double value);

    void bool(String key, boolean value);

    /** A value of any other type: a List, or whatever a span's own attributes hold. */
    void other(String key, Object value);
  }

  /**
   * Every attribute of the span, mapped first, then the span's own attributes, which win on a clash so
   * that a user can, say, set {@code gen_ai.operation.name} to {@code text_completion}.
   */
  public static Map<String, Object> attributes(SpanData s) {
    Map<String, Object> a = new LinkedHashMap<>();
    mapped(s, new AttributeSink() {
      @Override
      public void text(String key, String value) {
        a.put(key, value);
      }

      @Override
      public void integer(String key, long value) {
        a.put(key, value);
      }

      @Override
      public void decimal(String key, double value) {
        a.put(key, value);
      }

      @Override
      public void bool(String key, boolean value) {
        a.put(key, value);
      }

      @Override
      public void other(String key, Object value) {
        a.put(key, value);
      }
    });
    Map<String, Object> own = s.attributes();
    if (own != null) {
      own.forEach((k, v) -> {
        if (k != null && v != null) {
          a.put(k, v);
        }
      });
    }
    return a;
  }

  /**
   * Hands {@code sink} what {@link #attributes} would hold, in its order. A span without attributes of its
   * own (the usual case) streams straight from its fields; one with them goes through the map, where an
   * own attribute replaces a mapped one in place.
   */
  static void forEachAttribute(SpanData s, AttributeSink sink) {
    Map<String, Object> own = s.attributes();
    if (own == null || own.isEmpty()) {
      mapped(s, sink);
      return;
    }
    for (Map.Entry<String, Object> e : attributes(s).entrySet()) {
      Object v = e.getValue();
      if (v instanceof String text) {
        sink.text(e.getKey(), text);
      } else {
        sink.other(e.getKey(), v);
      }
    }
  }

  /** The mapped attributes, without the span's own; values never null, keys never repeated. */
  private static void mapped(SpanData s, AttributeSink a) {
    SpanKind kind = s.kind() == null ? SpanKind.CUSTOM : s.kind();
    text(a, "gen_ai.operation.name", operationName(kind));
    a.text("openinference.span.kind", openInferenceKind(kind));
    text(a, "agentrace.type", s.type());
    text(a, "gen_ai.request.model", s.model());
    text(a, "gen_ai.agent.name", s.agent());
    text(a, "gen_ai.agent.version", s.version());
    String session = s.sessionId();
    if (text(a, "gen_ai.conversation.id", session)) {
      a.text("session.id", session);
    }
    text(a, "user.id", s.userId());
    if (kind == SpanKind.TOOL) {
      text(a, "gen_ai.tool.name", s.name());
    }
    String input = s.input();
    if (input != null) {
      a.text("input.value", input);
      a.text("input.mime_type", "application/json");
    }
    String output = s.output();
    if (output != null) {
      a.text("output.value", output);
      a.text("output.mime_type", "application/json");
    }
    TokenUsage u = s.usage();
    if (u != null) {
      a.integer("gen_ai.usage.input_tokens", u.inputTokens());
      a.integer("gen_ai.usage.output_tokens", u.outputTokens());
      if (u.cachedInputTokens() > 0) {
        a.integer("gen_ai.usage.cache_read.input_tokens", u.cachedInputTokens());
      }
      if (u.reasoningTokens() > 0) {
        a.integer("gen_ai.usage.reasoning.output_tokens", u.reasoningTokens());
      }
    }
    text(a, "deployment.environment.name", s.environment());
    text(a, "thread.name", s.threadName());
    conformance(a, s.conformance());
    risk(a, s.risk());
    Map<String, Double> scores = s.scores();
    if (scores != null && !scores.isEmpty()) {
      scores.forEach((name, value) -> {
        if (name != null && value != null) {
          a.decimal("agentrace.score." + name, value);
        }
      });
    }
    Double cost = s.cost();
    if (cost != null) {
      a.decimal("agentrace.cost.usd", cost);
    }
  }

  /** Only a check that ran is reported: NOT_CHECKED would add the same noise to every span. */
  private static void conformance(AttributeSink a, Conformance c) {
    if (c == null || c.status() == null || c.status() == ConformanceStatus.NOT_CHECKED) {
      return;
    }
    a.text("agentrace.conformance.status", lower(c.status()));
    text(a, "agentrace.conformance.reason", c.reason());
    List<Violation> violations = c.violations() == null ? List.of() : c.violations();
    if (!violations.isEmpty()) {
      a.integer("agentrace.conformance.violation_count", violations.size());
      a.text("agentrace.conformance.violations", Json.toJson(g -> {
        g.writeStartArray();
        for (Violation v : violations) {
          if (v == null) {
            continue;
          }
          g.writeStartObject();
          g.writeStringProperty("part", JsonText.wellFormed(v.part()));
          g.writeStringProperty("path", JsonText.wellFormed(v.path()));
          g.writeStringProperty("keyword", JsonText.wellFormed(v.keyword()));
          g.writeStringProperty("message", JsonText.wellFormed(v.message()));
          g.writeEndObject();
        }
        g.writeEndArray();
      }));
    }
  }

  /** Only a finding is reported; a clean scan (level NONE) adds nothing. */
  private static void risk(AttributeSink a, RiskResult r) {
    if (r == null || r.level() == null || r.level() == RiskLevel.NONE) {
      return;
    }
    a.text("agentrace.risk.level", lower(r.level()));
    a.integer("agentrace.risk.score", r.score());
    if (!r.categories().isEmpty()) {
      a.other("agentrace.risk.categories", r.categories().stream().filter(Objects::nonNull).toList());
    }
    if (r.redacted()) {
      a.bool("agentrace.risk.redacted", true);
    }
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  private static boolean putText(Map<String, Object> m, String key, String value) {
    if (value == null || value.isEmpty()) {
      return false;
    }
    m.put(key, value);
    return true;
  }

  private static boolean text(AttributeSink a, String key, String value) {
    if (value == null || value.isEmpty()) {
      return false;
    }
    a.text(key, value);
    return true;
  }
}
