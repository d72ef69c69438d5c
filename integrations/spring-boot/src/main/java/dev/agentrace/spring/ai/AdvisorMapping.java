package dev.agentrace.spring.ai;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanBuilder;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import io.micrometer.observation.Observation;
import org.springframework.ai.chat.client.advisor.observation.AdvisorObservationContext;

/**
 * One advisor of a {@code ChatClient} call ({@code AdvisorObservationContext}) as a CHAIN span of type
 * {@code advisor}, named {@code advisor <name>} (Spring AI's last advisor, the one that calls the model, is
 * {@code call}), with its order. No content: the advisor sees the chat client's
 * request, which its AGENT span already records, and the model calls below it record what was sent.
 */
final class AdvisorMapping implements SpanMapping {

  @Override
  public boolean supports(Observation.Context context) {
    return context instanceof AdvisorObservationContext;
  }

  @Override
  public SpanBuilder describe(Tracer tracer, Observation.Context context, boolean content) {
    AdvisorObservationContext c = (AdvisorObservationContext) context;
    return tracer.span("advisor " + c.getAdvisorName()).kind(SpanKind.CHAIN).type("advisor")
        .attribute("spring_ai.advisor.order", (long) c.getOrder());
  }

  @Override
  public void finish(Span span, Observation.Context context, boolean content) {
    // Nothing beyond timing and status: see the class comment.
  }
}
