package com.example.support;

import static dev.agentrace.testing.AgentraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.support.SupportAgent.Hit;
import dev.agentrace.testing.AgentraceExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SupportAgentTest {
  // doc:test
  @RegisterExtension static AgentraceExtension tracing = AgentraceExtension.create();

  @Test void searchesBeforeAnswering() {
    new SupportAgent(tracing.tracer(), query -> List.of(new Hit("Refunds take 5 days"))).handle("refund please");
    assertThat(tracing.trace()).hasRoot("handle_ticket").hasChildren("web_search").root().isOk();
  }
  // doc:end

  @Test void searchFails_runIsAnError() {
    SupportAgent agent = new SupportAgent(tracing.tracer(), query -> {
      throw new IllegalStateException("search is down");
    });
    assertThatThrownBy(() -> agent.handle("refund please")).hasMessage("search is down");
    assertThat(tracing.trace()).root().isError().hasErrorMessageContaining("search is down");
    assertThat(tracing.span("web_search")).isError();
  }

  @Test void planRecordsModelAndUsage() {
    new Planner(tracing.tracer(), messages -> new Planner.Reply("Offer a refund.", 42, 7)).plan("refund please");
    assertThat(tracing.span("plan")).hasModel("gpt-4o").hasUsage(42, 7).hasInputAt("/1/content", "refund please")
        .hasOutput("\"Offer a refund.\"").isOk();
  }
}
