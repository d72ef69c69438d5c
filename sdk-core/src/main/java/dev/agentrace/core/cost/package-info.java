/**
 * What a model call costs: {@link dev.agentrace.core.cost.PriceTable} maps model names to
 * {@link dev.agentrace.core.cost.ModelPrice}s (USD per million input, output and cached input tokens), and
 * the export worker uses it to price spans that carry a model and token usage but no cost of their own.
 * The shipped list is the resource {@code dev/agentrace/core/cost/prices.json}.
 *
 * <p>API: {@code PriceTable} (with its builder and loaders) and {@code ModelPrice}, both immutable and
 * thread-safe. {@code CostStage}, the worker's pricing step, is public only so that the SDK can build it;
 * it is not API and may change in any release.
 */
package dev.agentrace.core.cost;
