package dev.agentrace.core.internal;

import dev.agentrace.core.AgentraceSdk;
import java.time.Duration;

/**
 * Run by {@link WarningsFallbackTest} in a child JVM, with or without an SLF4J provider on its classpath:
 * makes the same instrumentation mistake three times (one warning, once per kind) and says on standard
 * output where the warnings went.
 */
public final class WarningsChild {
  private WarningsChild() {}

  public static void main(String[] args) {
    AgentraceSdk sdk = AgentraceSdk.builder().agent("child").shutdownHook(false).metrics(false).build();
    for (int i = 0; i < 3; i++) {
      sdk.tracer().span(null).start().end();
    }
    sdk.shutdown(Duration.ofSeconds(5));
    System.out.println("fallback=" + Warnings.usesFallback());
  }
}
