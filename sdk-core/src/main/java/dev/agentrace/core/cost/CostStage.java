package dev.agentrace.core.cost;

import dev.agentrace.core.data.TokenUsage;
import dev.agentrace.core.internal.Warnings;
import dev.agentrace.core.internal.WorkerSpan;
import dev.agentrace.core.internal.WorkerStage;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The export worker's pricing step: a span with token usage and a model but no cost set by the user gets
 * the cost its {@link PriceTable} gives ({@code SpanData.cost()}). A model the table does not know is
 * warned about once and its spans stay unpriced.
 *
 * <p>Worker thread only (see {@link WorkerStage}): the price cache needs no synchronisation. Not API: public
 * so that the SDK can build it; it may change in any release.
 */
public final class CostStage implements WorkerStage {
  /** Distinct model names whose price lookup is remembered; the cache starts over beyond this. */
  static final int MAX_CACHED_MODELS = 1_024;

  private final PriceTable prices;
  private final Map<String, Optional<ModelPrice>> priceCache = new HashMap<>();

  /** A stage that prices with {@code prices}. */
  public CostStage(PriceTable prices) {
    this.prices = prices;
  }

  @Override
  public void process(WorkerSpan span) {
    if (span.explicitCost() != null) {
      return;
    }
    TokenUsage usage = span.usage();
    String model = span.model();
    if (usage == null || model == null) {
      return;
    }
    Optional<ModelPrice> p = priceCache.get(model);
    if (p == null) {
      if (priceCache.size() >= MAX_CACHED_MODELS) {
        priceCache.clear();
      }
      p = prices.priceFor(model);
      priceCache.put(model, p);
      if (p.isEmpty()) {
        Warnings.once("metrics-unknown-model", "No price for model '" + model + "' (price table effective "
            + prices.effectiveDate() + "); its spans have no computed cost. Add it with PriceTable.builder()"
            + ".addAll(PriceTable.defaults()).model(..), or set span.cost(usd).");
      }
    }
    if (p.isPresent()) {
      // Written only when there is something to write: a store pulls the span's cache line away from the
      // core that ended it, which is most of what pricing costs on a busy machine.
      span.recordComputedCost(p.get().cost(usage));
    }
  }

  @Override
  public String name() {
    return "cost";
  }
}
