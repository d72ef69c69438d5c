package dev.agentrace.spring.ai;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanBuilder;
import dev.agentrace.api.Tracer;
import io.micrometer.observation.Observation;

/**
 * How one kind of Spring AI observation context becomes a span. Implementations name Spring AI classes, so
 * each is only loaded when its Spring AI module is on the class path (see {@link SpanMappings}).
 */
interface SpanMapping {

  /** Whether this mapping handles {@code context}. */
  boolean supports(Observation.Context context);

  /** Describes the span when the observation starts: name, kind, type, model and (when {@code content}) input. */
  SpanBuilder describe(Tracer tracer, Observation.Context context, boolean content);

  /** Records what the observation knows when it stops: output (when {@code content}), usage, attributes. */
  void finish(Span span, Observation.Context context, boolean content);
}
