/**
 * Testing agents by the spans they produce: {@link dev.agentrace.testing.AgentraceExtension} gives each
 * JUnit 5 test a fresh SDK whose spans land in an {@link dev.agentrace.testing.InMemorySpanExporter};
 * {@link dev.agentrace.testing.AgentraceAssertions} adds AssertJ assertions on spans, span lists, traces,
 * metrics snapshots and drift reports; {@link dev.agentrace.testing.TestClock} makes timestamps exact.
 *
 * <p>API: {@code AgentraceExtension} (with its builder), {@code InMemorySpanExporter}, {@code TestClock},
 * {@code Trace}, {@code AgentraceAssertions} and the assertion classes it returns. The JSON comparison
 * helper is package-private.
 */
package dev.agentrace.testing;
