/**
 * The JSON Lines file exporter: {@link dev.agentrace.exporters.jsonl.JsonlExporter} appends one JSON
 * object per span start and end to a file, with optional rotation.
 *
 * <p>API: {@code JsonlExporter} and its {@code Builder}. The record encoder is
 * {@code dev.agentrace.exporters.internal.JsonlRecord}, which is not API.
 */
package dev.agentrace.exporters.jsonl;
