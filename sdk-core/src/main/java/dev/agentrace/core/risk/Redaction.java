package dev.agentrace.core.risk;

import dev.agentrace.core.AgentraceSdk;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which detected {@link DataCategory data categories} are replaced before any exporter sees a span.
 * A detected value is replaced in place by {@link #marker(DataCategory)}, for example {@code
 * [REDACTED:api_key]}, inside the JSON string that held it, so payloads stay valid JSON. Redaction
 * applies to input and output payloads (including live start events), string attribute values, event
 * attribute values and the status message.
 *
 * <p>{@link #defaults()} redacts the credentials (API_KEY, BEARER_TOKEN, JWT, CLOUD_ACCESS_KEY,
 * PRIVATE_KEY) and keeps personal and financial data, which still raise the span's risk. Redaction
 * needs the risk scan: with {@code AgentraceSdk.Builder.riskScanning(false)} nothing is redacted.
 *
 * <p>Immutable and thread-safe. The builder is not thread-safe.
 */
public final class Redaction {
  private static final Redaction DEFAULTS = builder().build();
  private static final Redaction NONE = new Redaction(EnumSet.noneOf(DataCategory.class));

  private final Set<DataCategory> categories;
  private final int mask;

  private Redaction(EnumSet<DataCategory> categories) {
    this.categories = Collections.unmodifiableSet(EnumSet.copyOf(categories));
    int m = 0;
    for (DataCategory c : categories) {
      m |= 1 << c.ordinal();
    }
    this.mask = m;
  }

  /** Redacts the credential categories ({@link DataCategory#isCredential()}). */
  public static Redaction defaults() {
    return DEFAULTS;
  }

  /** Redacts nothing; detected data still raises the span's risk. */
  public static Redaction none() {
    return NONE;
  }

  /** A builder that starts from {@link #defaults()}: add with {@link Builder#redact}, remove with {@link Builder#keep}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The text that replaces a value of {@code category}: {@code [REDACTED:<id>]}, e.g. {@code [REDACTED:email]}. */
  public static String marker(DataCategory category) {
    return "[REDACTED:" + category.id() + "]";
  }

  /** Whether values of {@code category} are redacted. */
  public boolean redacts(DataCategory category) {
    return categories.contains(category);
  }

  /** The redacted categories (unmodifiable). */
  public Set<DataCategory> categories() {
    return categories;
  }

  /** Bit i set = the category with ordinal i is redacted. */
  int mask() {
    return mask;
  }

  @Override
  public String toString() {
    return "Redaction" + categories;
  }

  /** Builds a {@link Redaction}, starting from the defaults. Not thread-safe. Null arguments throw {@link NullPointerException}. */
  public static final class Builder {
    private final EnumSet<DataCategory> categories = EnumSet.noneOf(DataCategory.class);

    private Builder() {
      for (DataCategory c : DataCategory.values()) {
        if (c.isCredential()) {
          categories.add(c);
        }
      }
    }

    /** Redacts these categories too, e.g. {@code redact(CREDIT_CARD, EMAIL)}. */
    public Builder redact(DataCategory... categories) {
      for (DataCategory c : Objects.requireNonNull(categories, "categories")) {
        this.categories.add(Objects.requireNonNull(c, "category"));
      }
      return this;
    }

    /** Leaves these categories in place (detected and scored, not redacted). */
    public Builder keep(DataCategory... categories) {
      for (DataCategory c : Objects.requireNonNull(categories, "categories")) {
        this.categories.remove(Objects.requireNonNull(c, "category"));
      }
      return this;
    }

    /** The policy. */
    public Redaction build() {
      return new Redaction(categories);
    }
  }
}
