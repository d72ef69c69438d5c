package dev.agentrace.opentelemetry;

import dev.agentrace.api.SpanContext;
import dev.agentrace.core.ContextBridge;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;
import io.opentelemetry.context.Context;

/**
 * The bridge onto OpenTelemetry's {@link Context}: reads {@link Span#current()}, and makes an Agentrace span
 * current by wrapping its ids in a non-recording OpenTelemetry span ({@link Span#wrap}) in a child of the
 * current context. Goes only through the API's static context methods, so under the Java agent (which
 * routes the application's {@code Context} to its own storage) the agent's instrumentation sees it too.
 */
final class OtelContextBridge implements ContextBridge {
  static final OtelContextBridge INSTANCE = new OtelContextBridge();

  private OtelContextBridge() {}

  @Override
  public SpanContext currentSpan() {
    io.opentelemetry.api.trace.SpanContext c = Span.current().getSpanContext();
    if (!c.isValid()) {
      return null;
    }
    return SpanContext.createRemote(c.getTraceId(), c.getSpanId(), c.getTraceFlags().asByte(), w3c(c.getTraceState()));
  }

  // The scope is handed to the SDK, which closes it on this thread when the span stops being current.
  @SuppressWarnings("MustBeClosedChecker")
  @Override
  public ContextBridge.Scope makeCurrent(SpanContext context) {
    io.opentelemetry.api.trace.SpanContext otel = io.opentelemetry.api.trace.SpanContext.create(context.traceId(),
        context.spanId(), context.isSampled() ? TraceFlags.getSampled() : TraceFlags.getDefault(),
        traceState(context.traceState()));
    io.opentelemetry.context.Scope scope = Context.current().with(Span.wrap(otel)).makeCurrent();
    return scope::close;
  }

  @Override
  public Object capture() {
    return Context.current();
  }

  // As for makeCurrent: the SDK closes the scope when the wrapped task returns.
  @SuppressWarnings("MustBeClosedChecker")
  @Override
  public ContextBridge.Scope attach(Object captured) {
    io.opentelemetry.context.Scope scope = ((Context) captured).makeCurrent();
    return scope::close;
  }

  /** The W3C {@code tracestate} header value of {@code state}, entries in their order. */
  static String w3c(TraceState state) {
    if (state.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    state.forEach((key, value) -> {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(key).append('=').append(value);
    });
    return sb.toString();
  }

  /** Parses a W3C {@code tracestate} value; entries OpenTelemetry refuses (bad keys or values) are left out. */
  static TraceState traceState(String header) {
    if (header == null || header.isEmpty()) {
      return TraceState.getDefault();
    }
    TraceStateBuilder b = TraceState.builder();
    // put() adds in front, so members go in from the last to keep the header's order.
    int end = header.length();
    while (end > 0) {
      int start = header.lastIndexOf(',', end - 1) + 1;
      String m = header.substring(start, end).trim();
      int eq = m.indexOf('=');
      if (eq > 0) {
        b.put(m.substring(0, eq), m.substring(eq + 1));
      }
      end = start - 1;
    }
    return b.build();
  }
}
