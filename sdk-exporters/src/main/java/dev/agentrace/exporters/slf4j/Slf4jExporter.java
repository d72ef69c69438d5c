package dev.agentrace.exporters.slf4j;

import dev.agentrace.api.SpanStatus;
import dev.agentrace.core.data.Conformance;
import dev.agentrace.core.data.ConformanceStatus;
import dev.agentrace.core.data.RiskLevel;
import dev.agentrace.core.data.RiskResult;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.data.TokenUsage;
import dev.agentrace.core.export.ExportResult;
import dev.agentrace.core.export.SpanExporter;
import dev.agentrace.core.internal.JsonText;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one structured line per ended span through SLF4J, to the logger {@value #LOGGER_NAME}, so spans
 * land wherever the application's logs go. The line is {@code key=value} pairs (values with spaces,
 * quotes or '=' are double-quoted with backslash escapes), for example:
 *
 * <pre>{@code
 * span name=plan kind=LLM type=llm status=OK duration_ms=820.000 trace_id=4bf9... span_id=00f0...
 *     parent_span_id=53ab... agent=support-bot version=1.4.2 environment=staging model=gpt-4o
 *     input_tokens=120 output_tokens=45 cost_usd=0.0012
 * }</pre>
 *
 * <p>Spans with status ERROR are logged at WARN, the others at INFO; nothing is formatted when the level
 * is disabled. Payloads (input and output) are not logged: they can be large and sensitive; use the JSONL
 * exporter to keep them. {@link #export} never throws.
 *
 * <p>Thread-safe: it keeps no state besides its shut-down flag, and SLF4J loggers are thread-safe. The SDK
 * calls {@link #export} from one export thread.
 */
public final class Slf4jExporter implements SpanExporter {

  /** The logger every span line goes to. */
  public static final String LOGGER_NAME = "dev.agentrace.spans";

  private final Logger log;
  private volatile boolean shutdown;

  Slf4jExporter(Logger log) {
    this.log = log;
  }

  /** An exporter logging to {@value #LOGGER_NAME}. */
  public static Slf4jExporter create() {
    return new Slf4jExporter(LoggerFactory.getLogger(LOGGER_NAME));
  }

  @Override
  public ExportResult export(List<SpanData> batch) {
    if (shutdown) {
      return ExportResult.failure("Slf4jExporter is shut down");
    }
    if (batch == null) {
      return ExportResult.success();
    }
    int failed = 0;
    for (SpanData s : batch) {
      try {
        if (!s.ended()) {
          continue;
        }
        boolean error = s.status() == SpanStatus.ERROR;
        if (error ? log.isWarnEnabled() : log.isInfoEnabled()) {
          String line = line(s);
          if (error) {
            log.warn(line);
          } else {
            log.info(line);
          }
        }
      } catch (RuntimeException e) {
        failed++;
      }
    }
    return failed == 0 ? ExportResult.success() : ExportResult.partialSuccess(failed, failed + " spans could not be logged");
  }

  static String line(SpanData s) {
    StringBuilder b = new StringBuilder(256).append("span");
    put(b, "name", s.name());
    put(b, "kind", s.kind() == null ? null : s.kind().name());
    put(b, "type", s.type());
    put(b, "status", s.status() == null ? null : s.status().name());
    put(b, "duration_ms", String.format(Locale.ROOT, "%.3f", s.durationNanos() / 1e6));
    put(b, "trace_id", s.traceId());
    put(b, "span_id", s.spanId());
    put(b, "parent_span_id", s.parentSpanId());
    put(b, "agent", s.agent());
    put(b, "version", s.version());
    put(b, "environment", s.environment());
    put(b, "session_id", s.sessionId());
    put(b, "user_id", s.userId());
    put(b, "model", s.model());
    TokenUsage u = s.usage();
    if (u != null) {
      put(b, "input_tokens", Long.toString(u.inputTokens()));
      put(b, "output_tokens", Long.toString(u.outputTokens()));
      if (u.cachedInputTokens() > 0) {
        put(b, "cached_input_tokens", Long.toString(u.cachedInputTokens()));
      }
      if (u.reasoningTokens() > 0) {
        put(b, "reasoning_tokens", Long.toString(u.reasoningTokens()));
      }
    }
    if (s.cost() != null) {
      put(b, "cost_usd", s.cost().toString());
    }
    Map<String, Double> scores = s.scores();
    if (scores != null) {
      scores.forEach((name, value) -> put(b, "score." + name, String.valueOf(value)));
    }
    Conformance c = s.conformance();
    if (c != null && c.status() != null && c.status() != ConformanceStatus.NOT_CHECKED) {
      put(b, "conformance", c.status().name());
      if (!c.violations().isEmpty()) {
        put(b, "violations", Integer.toString(c.violations().size()));
      }
    }
    RiskResult r = s.risk();
    if (r != null && r.level() != null && r.level() != RiskLevel.NONE) {
      put(b, "risk", r.level().name());
    }
    if (s.status() == SpanStatus.ERROR) {
      put(b, "error", s.statusMessage());
    }
    Map<String, Object> attributes = s.attributes();
    if (attributes != null) {
      attributes.forEach((k, v) -> put(b, k, String.valueOf(v)));
    }
    return b.toString();
  }

  /** Appends {@code key=value}; null values are skipped, awkward ones quoted. */
  private static void put(StringBuilder b, String key, String value) {
    if (key == null || value == null) {
      return;
    }
    b.append(' ').append(bare(key) ? key : quote(key)).append('=').append(bare(value) ? value : quote(value));
  }

  private static boolean bare(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c == '"' || c == '=' || c == '\\' || Character.isISOControl(c) || Character.isSpaceChar(c)
          || Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Double-quoted, with quotes, backslashes and control characters escaped: one line, always (JsonText's
   * log-line form, which also escapes U+2028 and U+2029, line breaks to some viewers).
   */
  private static String quote(String s) {
    return JsonText.appendQuotedForLog(new StringBuilder(s.length() + 2), s).toString();
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public String toString() {
    return "Slf4jExporter{" + log.getName() + "}";
  }
}
