/**
 * The SLF4J exporter: {@link dev.agentrace.exporters.slf4j.Slf4jExporter} logs one {@code key=value}
 * line per ended span to the logger {@code dev.agentrace.spans}.
 *
 * <p>API: {@code Slf4jExporter}. Nothing else lives here.
 */
package dev.agentrace.exporters.slf4j;
