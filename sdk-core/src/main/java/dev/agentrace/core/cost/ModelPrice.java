package dev.agentrace.core.cost;

import dev.agentrace.core.data.TokenUsage;
import java.util.Objects;

/**
 * The list price of one model (or family of models), in US dollars per million tokens.
 *
 * <p>Token classes are priced apart and never counted twice: {@link TokenUsage#cachedInputTokens()} are part
 * of the input tokens and are charged the cached-input price <em>instead of</em> the input price;
 * {@link TokenUsage#reasoningTokens()} are part of the output tokens and are charged the reasoning price
 * instead of the output price (providers that bill reasoning as output — all the shipped defaults — have
 * the two prices equal).
 *
 * <p>Immutable.
 *
 * @param pattern the model name, or a glob over it ({@code *} any characters, {@code ?} one); matched
 *     case-insensitively, see {@link PriceTable#priceFor(String)}
 * @param inputPerMillion USD per million uncached input tokens
 * @param outputPerMillion USD per million output tokens that are not reasoning tokens
 * @param cachedInputPerMillion USD per million input tokens served from the provider's prompt cache
 * @param reasoningPerMillion USD per million reasoning tokens
 */
public record ModelPrice(String pattern, double inputPerMillion, double outputPerMillion, double cachedInputPerMillion,
    double reasoningPerMillion) {

  /** @throws IllegalArgumentException if the pattern is blank or a price is negative or not finite */
  public ModelPrice {
    Objects.requireNonNull(pattern, "pattern");
    if (pattern.isBlank()) {
      throw new IllegalArgumentException("model price pattern must not be blank");
    }
    check(pattern, "inputPerMillion", inputPerMillion);
    check(pattern, "outputPerMillion", outputPerMillion);
    check(pattern, "cachedInputPerMillion", cachedInputPerMillion);
    check(pattern, "reasoningPerMillion", reasoningPerMillion);
  }

  /** A price whose cached input costs the input price and whose reasoning costs the output price. */
  public static ModelPrice of(String pattern, double inputPerMillion, double outputPerMillion) {
    return new ModelPrice(pattern, inputPerMillion, outputPerMillion, inputPerMillion, outputPerMillion);
  }

  /** A price with a cached-input discount; reasoning costs the output price. */
  public static ModelPrice of(String pattern, double inputPerMillion, double outputPerMillion,
      double cachedInputPerMillion) {
    return new ModelPrice(pattern, inputPerMillion, outputPerMillion, cachedInputPerMillion, outputPerMillion);
  }

  private static void check(String pattern, String what, double v) {
    if (!Double.isFinite(v) || v < 0) {
      throw new IllegalArgumentException("model price '" + pattern + "': " + what + " must be a finite number >= 0, got " + v);
    }
  }

  /** The cost in US dollars of {@code usage} at this price. */
  public double cost(TokenUsage usage) {
    long cached = usage.cachedInputTokens();
    long reasoning = usage.reasoningTokens();
    return ((usage.inputTokens() - cached) * inputPerMillion + cached * cachedInputPerMillion
        + (usage.outputTokens() - reasoning) * outputPerMillion + reasoning * reasoningPerMillion) / 1_000_000.0;
  }
}
