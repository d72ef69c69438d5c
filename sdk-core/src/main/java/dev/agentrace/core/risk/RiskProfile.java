package dev.agentrace.core.risk;

import dev.agentrace.core.data.RiskLevel;
import dev.agentrace.core.data.RiskResult;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How much each detected {@link DataCategory} weighs: a {@link RiskLevel} and a score from 0 to 100,
 * optionally different for one span type (an e-mail address is expected in a {@code send_email} tool
 * call and alarming anywhere else). A span's {@link RiskResult} takes the highest level and the highest
 * score among the categories detected on it.
 *
 * <p>{@link #defaults()}:
 *
 * <table>
 *   <caption>Default levels and scores</caption>
 *   <tr><th>category</th><th>level</th><th>score</th></tr>
 *   <tr><td>PRIVATE_KEY, CLOUD_ACCESS_KEY</td><td>CRITICAL</td><td>100</td></tr>
 *   <tr><td>API_KEY, BEARER_TOKEN</td><td>CRITICAL</td><td>95</td></tr>
 *   <tr><td>JWT</td><td>CRITICAL</td><td>90</td></tr>
 *   <tr><td>CREDIT_CARD</td><td>HIGH</td><td>80</td></tr>
 *   <tr><td>IBAN</td><td>HIGH</td><td>70</td></tr>
 *   <tr><td>EMAIL, PHONE</td><td>MEDIUM</td><td>40</td></tr>
 * </table>
 *
 * <p>Immutable and thread-safe. The builder is not thread-safe.
 */
public final class RiskProfile {
  private static final DataCategory[] CATEGORIES = DataCategory.values();
  private static final RiskProfile DEFAULTS = builder().build();

  private final RiskLevel[] levels;
  private final int[] scores;
  private final Map<String, RiskProfile> byType;

  private RiskProfile(RiskLevel[] levels, int[] scores, Map<String, RiskProfile> byType) {
    this.levels = levels;
    this.scores = scores;
    this.byType = byType;
  }

  /** The default profile (see the class documentation). */
  public static RiskProfile defaults() {
    return DEFAULTS;
  }

  /** A builder that starts from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The level of {@code category} on a span of type {@code spanType} (null for "no particular type"). */
  public RiskLevel level(String spanType, DataCategory category) {
    return forType(spanType).levels[category.ordinal()];
  }

  /** The score, 0 to 100, of {@code category} on a span of type {@code spanType} (null for "no particular type"). */
  public int score(String spanType, DataCategory category) {
    return forType(spanType).scores[category.ordinal()];
  }

  private RiskProfile forType(String spanType) {
    if (spanType == null || byType.isEmpty()) {
      return this;
    }
    RiskProfile p = byType.get(spanType);
    return p == null ? this : p;
  }

  /**
   * The result for a span of {@code spanType} on which the categories in {@code detected} (bit i =
   * ordinal i) were found.
   */
  RiskResult assess(String spanType, int detected, boolean redacted) {
    if (detected == 0) {
      return RiskResult.none();
    }
    RiskProfile p = forType(spanType);
    RiskLevel level = RiskLevel.NONE;
    int score = 0;
    List<String> ids = new ArrayList<>(Integer.bitCount(detected));
    for (DataCategory c : CATEGORIES) {
      if ((detected & (1 << c.ordinal())) != 0) {
        ids.add(c.id());
        if (p.levels[c.ordinal()].compareTo(level) > 0) {
          level = p.levels[c.ordinal()];
        }
        score = Math.max(score, p.scores[c.ordinal()]);
      }
    }
    return new RiskResult(level, score, ids, redacted);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("RiskProfile{");
    for (DataCategory c : CATEGORIES) {
      b.append(c.id()).append('=').append(levels[c.ordinal()]).append('/').append(scores[c.ordinal()]).append(", ");
    }
    b.append("typeOverrides=").append(byType.keySet()).append('}');
    return b.toString();
  }

  private record Rating(RiskLevel level, int score) {}

  /**
   * Builds a {@link RiskProfile}, starting from the defaults. Not thread-safe. Methods throw {@link
   * NullPointerException} for a null argument and {@link IllegalArgumentException} naming a bad value.
   */
  public static final class Builder {
    private final RiskLevel[] levels = new RiskLevel[CATEGORIES.length];
    private final int[] scores = new int[CATEGORIES.length];
    private final Map<String, EnumMap<DataCategory, Rating>> overrides = new HashMap<>();

    private Builder() {
      set(DataCategory.EMAIL, RiskLevel.MEDIUM, 40);
      set(DataCategory.PHONE, RiskLevel.MEDIUM, 40);
      set(DataCategory.CREDIT_CARD, RiskLevel.HIGH, 80);
      set(DataCategory.IBAN, RiskLevel.HIGH, 70);
      set(DataCategory.API_KEY, RiskLevel.CRITICAL, 95);
      set(DataCategory.BEARER_TOKEN, RiskLevel.CRITICAL, 95);
      set(DataCategory.JWT, RiskLevel.CRITICAL, 90);
      set(DataCategory.CLOUD_ACCESS_KEY, RiskLevel.CRITICAL, 100);
      set(DataCategory.PRIVATE_KEY, RiskLevel.CRITICAL, 100);
    }

    private void set(DataCategory c, RiskLevel level, int score) {
      levels[c.ordinal()] = level;
      scores[c.ordinal()] = score;
    }

    /**
     * Rates {@code category} on every span type without its own rating. {@code level} NONE (with score
     * 0) means the category does not raise a span's risk; it is still detected, listed and redacted if
     * {@link Redaction} says so.
     */
    public Builder category(DataCategory category, RiskLevel level, int score) {
      check(category, level, score);
      set(category, level, score);
      return this;
    }

    /** Rates {@code category} on spans of type {@code spanType} only; wins over {@link #category}. */
    public Builder forType(String spanType, DataCategory category, RiskLevel level, int score) {
      Objects.requireNonNull(spanType, "spanType");
      if (spanType.isBlank()) {
        throw new IllegalArgumentException("spanType must not be blank, got '" + spanType + "'");
      }
      check(category, level, score);
      overrides.computeIfAbsent(spanType, t -> new EnumMap<>(DataCategory.class)).put(category, new Rating(level, score));
      return this;
    }

    private static void check(DataCategory category, RiskLevel level, int score) {
      Objects.requireNonNull(category, "category");
      Objects.requireNonNull(level, "level");
      if (score < 0 || score > 100) {
        throw new IllegalArgumentException("score for " + category + " must be between 0 and 100, got " + score);
      }
      if ((level == RiskLevel.NONE) != (score == 0)) {
        throw new IllegalArgumentException("score for " + category + " must be 0 exactly when the level is NONE, got "
            + level + " with score " + score);
      }
    }

    /** The profile. */
    public RiskProfile build() {
      Map<String, RiskProfile> byType = new HashMap<>();
      overrides.forEach((type, rated) -> {
        RiskLevel[] l = levels.clone();
        int[] s = scores.clone();
        rated.forEach((c, r) -> {
          l[c.ordinal()] = r.level();
          s[c.ordinal()] = r.score();
        });
        byType.put(type, new RiskProfile(l, s, Map.of()));
      });
      return new RiskProfile(levels.clone(), scores.clone(), Map.copyOf(byType));
    }
  }
}
