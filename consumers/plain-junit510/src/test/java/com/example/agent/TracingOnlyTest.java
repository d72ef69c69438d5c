package com.example.agent;

import static dev.agentrace.testing.AgentraceAssertions.assertThat;

import dev.agentrace.testing.AgentraceExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tracing without an activity schema: under Spring Boot's BOMs (the Boot consumers run these tests too) it must work with no override. */
class TracingOnlyTest {
  @RegisterExtension static AgentraceExtension tracing = AgentraceExtension.create();

  @Test
  void recordsTheRun() {
    new SupportAgent(tracing.tracer()).handle("refund please");
    assertThat(tracing.trace()).hasRoot("handle_ticket").hasChildren("web_search").root().isOk();
  }
}
