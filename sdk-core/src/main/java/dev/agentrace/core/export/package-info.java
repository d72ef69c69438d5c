/**
 * The export pipeline: the bounded queue the agent's threads hand ended spans (and live start events) to,
 * the worker thread that runs the worker stages and cuts batches by size or age, and one thread per
 * exporter, so that a slow or hung exporter delays only itself. Every span offered is, in the end, exported
 * or counted under exactly one {@link dev.agentrace.core.export.DropReason}.
 *
 * <p>API: {@link dev.agentrace.core.export.SpanExporter} (the SPI exporters implement),
 * {@link dev.agentrace.core.export.ExportResult} and {@code DropReason}. {@code ExportPipeline} is public
 * only so that the SDK can build it; it is not API and may change in any release. The queue, the worker,
 * batches and exporter channels are package-private.
 */
package dev.agentrace.core.export;
