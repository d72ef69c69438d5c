package dev.agentrace.exporters.slf4j;

import dev.agentrace.core.export.SpanExporter;
import dev.agentrace.core.internal.Payloads;


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
 * <p>Thread-safe.
 */
public interface Slf4jExporter extends SpanExporter {

  /** The logger every span line goes to. */
  String LOGGER_NAME = "dev.agentrace.spans";

  /** An exporter logging to {@value #LOGGER_NAME}. */
  static Slf4jExporter create() {
    return new LoggingExporter(org.slf4j.LoggerFactory.getLogger(LOGGER_NAME));
  }
}
