/**
 * The JMH suite behind docs/performance.md: what a span costs the agent's thread, beside the OpenTelemetry
 * SDK at its defaults ({@code SpanBenchmarks}, {@code ContendedBenchmarks}), what the export worker and
 * encoders spend ({@code WorkerBenchmarks}), and the sustained-load harness ({@code SustainedLoad}).
 * {@code benchmarks/run.sh} builds and runs it; benchmarks/RATIONALE.md explains the results.
 *
 * <p>Not API and not published. Benchmark classes are public because JMH requires it.
 */
package dev.agentrace.benchmarks;
