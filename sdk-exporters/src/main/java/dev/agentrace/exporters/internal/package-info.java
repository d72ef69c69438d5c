/**
 * Helpers shared by the Agentrace exporters (JSON writing: {@code JsonOut} straight into a byte buffer,
 * {@code Json} through jackson; text cleanup and previews) and the JSONL record of a span, which the JSONL
 * exporter writes and the benchmarks time.
 *
 * <p>Internal: not API, may change or disappear in any release without notice; do not use from
 * application code.
 */
package dev.agentrace.exporters.internal;
