package dev.agentrace.spring.ai;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanBuilder;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import io.micrometer.observation.Observation;
import org.springframework.ai.tool.observation.ToolCallingObservationContext;

/**
 * A tool call ({@code ToolCallingObservationContext}) as a TOOL span named after the tool, whose name is also
 * its activity-schema type: arguments in, result out.
 */
final class ToolCallMapping implements SpanMapping {

  @Override
  public boolean supports(Observation.Context context) {
    return context instanceof ToolCallingObservationContext;
  }

  @Override
  public SpanBuilder describe(Tracer tracer, Observation.Context context, boolean content) {
    ToolCallingObservationContext c = (ToolCallingObservationContext) context;
    String name = c.getToolDefinition() == null ? "tool" : c.getToolDefinition().name();
    SpanBuilder b = tracer.span(name).kind(SpanKind.TOOL).type(name).attribute("gen_ai.tool.name", name);
    if (c.getToolDefinition() != null && c.getToolDefinition().description() != null) {
      b.attribute("gen_ai.tool.description", c.getToolDefinition().description());
    }
    if (content) {
      b.input(Payload.json(c.getToolCallArguments()));
    }
    return b;
  }

  @Override
  public void finish(Span span, Observation.Context context, boolean content) {
    if (content) {
      String result = ((ToolCallingObservationContext) context).getToolCallResult();
      if (result != null) {
        span.output(Payload.json(result));
      }
    }
  }
}
