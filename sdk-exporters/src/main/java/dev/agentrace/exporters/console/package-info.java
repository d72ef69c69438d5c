/**
 * The console conversation view: {@link dev.agentrace.exporters.console.ConsoleExporter} prints each span
 * as it starts and ends, indented by depth, with a summary line per finished trace.
 *
 * <p>API: {@code ConsoleExporter} with its {@code Builder} and {@code ColorMode}. Everything else here
 * (line formatting) is package-private.
 */
package dev.agentrace.exporters.console;
