package dev.agentrace.core;

import dev.agentrace.core.data.Conformance;

/**
 * Checks a span's payloads against what the agent declared it does: the SPI behind
 * {@link AgentraceSdk.Builder#activitySchema(ConformanceChecker)}. The {@code agentrace-schema} module's
 * {@code ActivitySchema} implements it with JSON Schema; a user may supply any other check.
 *
 * <p>Called on the export worker only, once per ended span, never on the agent's threads; an implementation
 * must be thread-safe if it is shared between SDKs. What it throws is caught, logged once and the span is
 * exported without a conformance result.
 */
@FunctionalInterface
public interface ConformanceChecker {
  /**
   * Checks one span.
   *
   * @param type the span's activity type ({@code SpanData#type()})
   * @param inputJson the span's input as JSON text, or null if none was recorded
   * @param outputJson the span's output as JSON text, or null if none was recorded
   * @return the outcome; never null
   */
  Conformance check(String type, String inputJson, String outputJson);
}
