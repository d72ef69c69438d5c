package dev.agentrace.core.data;

import java.util.List;

/**
 * The risk assessment of a span's payloads: the data categories detected (for example {@code "email"},
 * {@code "api_key"}), the resulting level and a score from 0 to 100, and whether anything was redacted.
 *
 * @param level the highest level among the detected categories
 * @param score 0 (nothing) to 100 (critical)
 * @param categories the categories detected, without duplicates
 * @param redacted whether a detected value was replaced before export
 */
public record RiskResult(RiskLevel level, int score, List<String> categories, boolean redacted) {
  private static final RiskResult NONE = new RiskResult(RiskLevel.NONE, 0, List.of(), false);

  /** Copies the categories. */
  public RiskResult {
    categories = List.copyOf(categories);
  }

  /** Nothing detected (also the value when no risk scan ran). */
  public static RiskResult none() {
    return NONE;
  }
}
