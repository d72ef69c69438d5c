package dev.agentrace.spring.ai;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanBuilder;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.internal.Warnings;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationView;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns Spring AI's observations into Agentrace spans: a span starts when the observation starts and ends
 * when it stops, so spans nest as the calls did. The parent is the Agentrace span current on the thread
 * where the call started, or, where none is, the span of the nearest enclosing observation.
 *
 * <p>Thread-safe (stateless apart from the lazily resolved tracer). Never throws into Spring AI: a failure
 * to map an observation is logged once and the observation goes on untraced.
 */
final class ObservationSpans implements ObservationHandler<Observation.Context> {
  /** Where the span lives while its observation runs; a key of our own so no other handler reads it. */
  static final Object SPAN_KEY = new Object() {
    @Override
    public String toString() {
      return "agentrace.span";
    }
  };
  private static final Object MAPPING_KEY = new Object() {
    @Override
    public String toString() {
      return "agentrace.mapping";
    }
  };

  private final Supplier<Tracer> tracer;
  private final List<SpanMapping> mappings;
  private final boolean content;

  ObservationSpans(Supplier<Tracer> tracer, List<SpanMapping> mappings, boolean content) {
    this.tracer = tracer;
    this.mappings = mappings;
    this.content = content;
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    return mappingFor(context) != null;
  }

  @Override
  public void onStart(Observation.Context context) {
    try {
      SpanMapping mapping = mappingFor(context);
      if (mapping == null) {
        return;
      }
      Tracer t = tracer.get();
      SpanBuilder builder = mapping.describe(t, context, content);
      // On the thread where the call runs, the current span is the innermost one (our spans are current
      // while their observation runs, and a span the user opened inside one is innermost too). Where nothing
      // is current (a reactive hop to another thread), the enclosing observation's span is the parent.
      if (!t.currentSpan().context().isValid()) {
        Span parent = enclosingSpan(context);
        if (parent != null) {
          builder.parent(parent.context());
        }
      }
      context.put(MAPPING_KEY, mapping);
      context.put(UsageSeen.KEY, new UsageSeen());
      context.put(SPAN_KEY, builder.start());
    } catch (RuntimeException | LinkageError e) {
      Warnings.once("spring-ai.start", "Agentrace could not start a span for Spring AI observation "
          + context.getName() + "; it is not traced", e);
    }
  }

  @Override
  public void onStop(Observation.Context context) {
    Span span = context.get(SPAN_KEY);
    SpanMapping mapping = context.get(MAPPING_KEY);
    if (span == null || mapping == null) {
      return;
    }
    try {
      mapping.finish(span, context, content);
      Throwable error = context.getError();
      if (error != null) {
        span.error(error);
      } else {
        span.ok();
      }
    } catch (RuntimeException | LinkageError e) {
      Warnings.once("spring-ai.stop", "Agentrace could not record the result of Spring AI observation "
          + context.getName() + "; the span ends without it", e);
    } finally {
      span.end();
    }
  }

  private SpanMapping mappingFor(Observation.Context context) {
    for (SpanMapping m : mappings) {
      if (m.supports(context)) {
        return m;
      }
    }
    return null;
  }

  /** The span of the nearest enclosing observation we traced, or null to let the current span parent it. */
  private static Span enclosingSpan(Observation.Context context) {
    ObservationView parent = context.getParentObservation();
    for (int depth = 0; parent != null && depth < 64; depth++) {
      Observation.ContextView view = parent.getContextView();
      Span span = view.get(SPAN_KEY);
      if (span != null) {
        return span;
      }
      parent = view.getParentObservation();
    }
    return null;
  }
}
