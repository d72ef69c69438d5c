/**
 * What a span was, as processors, exporters and tests read it: {@link dev.agentrace.core.data.SpanData}
 * and the values it returns ({@code SpanEvent}, {@code TokenUsage}, {@code Conformance} with its
 * {@code ConformanceStatus} and {@code Violation}s, {@code RiskResult} with its {@code RiskLevel}).
 *
 * <p>All of it is API. The value types are immutable and thread-safe. {@code SpanData} is an interface:
 * the SDK's span implements it, and once the export worker has finished with a span (after which exporters
 * receive it) none of its values change again.
 */
package dev.agentrace.core.data;
