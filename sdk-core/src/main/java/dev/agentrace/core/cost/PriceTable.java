package dev.agentrace.core.cost;

import dev.agentrace.core.AgentraceSdk;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Model prices, used to compute the cost of spans that record token usage and a model but no explicit cost
 * ({@code span.cost(usd)} always wins). Give one to {@link AgentraceSdk.Builder#priceTable(PriceTable)};
 * the default is {@link #defaults()}.
 *
 * <p><b>Matching.</b> A pattern is a model name, or a glob: {@code *} matches any characters, {@code ?} one
 * character; both sides are compared case-insensitively. When several patterns match, the most specific
 * wins: an exact name beats any glob, and among globs the one with more literal characters wins (so
 * {@code gpt-4o-mini*} beats {@code gpt-4o*} for {@code gpt-4o-mini-2024-07-18}); on a tie the pattern
 * declared first wins. A model no pattern matches has no computed cost (the span's cost stays null).
 *
 * <p><b>Units.</b> US dollars per million tokens; see {@link ModelPrice} for how cached-input and reasoning
 * tokens are priced apart without counting anything twice. Prices change: every table carries the
 * {@link #effectiveDate()} its figures are from.
 *
 * <p><b>JSON form</b> ({@link #load(Path)}, {@link #fromJson(String)}):
 * <pre>{@code
 * { "effectiveDate": "2025-11-01", "currency": "USD", "note": "list prices",
 *   "models": [ { "pattern": "gpt-4o*", "input": 2.50, "output": 10.00, "cachedInput": 1.25 },
 *               { "pattern": "my-model", "input": 1, "output": 2, "reasoning": 4 } ] }
 * }</pre>
 * {@code cachedInput} defaults to {@code input} and {@code reasoning} to {@code output}; an unknown field is
 * an error, so a typo does not silently price at zero.
 *
 * <p>Immutable and thread-safe.
 */
public final class PriceTable {
  private static final String DEFAULTS_RESOURCE = "/dev/agentrace/core/cost/prices.json";
  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final PriceTable EMPTY = new PriceTable(null, "no prices", List.of());

  private final LocalDate effectiveDate;
  private final String note;
  private final List<ModelPrice> prices;
  private final Map<String, ModelPrice> exact = new HashMap<>();
  private final List<Glob> globs = new ArrayList<>();

  private PriceTable(LocalDate effectiveDate, String note, List<ModelPrice> prices) {
    this.effectiveDate = effectiveDate;
    this.note = note;
    this.prices = List.copyOf(prices);
    for (ModelPrice p : this.prices) {
      String pattern = p.pattern().toLowerCase(Locale.ROOT);
      if (pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0) {
        exact.putIfAbsent(pattern, p);
      } else {
        globs.add(new Glob(pattern, p));
      }
    }
    // Stable sort: equally specific globs keep their declaration order.
    globs.sort(Comparator.comparingInt(Glob::literals).reversed());
  }

  /** A builder for a table of your own (start from {@link #defaults()} with {@link Builder#addAll}). */
  public static Builder builder() {
    return new Builder();
  }

  /** A table with no prices: no cost is ever computed. Its {@link #effectiveDate()} is null. */
  public static PriceTable empty() {
    return EMPTY;
  }

  /**
   * The table shipped with Agentrace ({@code /dev/agentrace/core/cost/prices.json}): list prices of common OpenAI,
   * Anthropic and Google models as of its {@link #effectiveDate()}. Not modelled: long-context surcharges,
   * cache-write premiums, batch and priority tiers. Check them against your provider and contract.
   */
  public static PriceTable defaults() {
    return Defaults.TABLE;
  }

  /** Reads a table in the JSON form from a file. @throws IllegalArgumentException naming the file and the problem */
  public static PriceTable load(Path path) {
    Objects.requireNonNull(path, "path");
    String json;
    try {
      json = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("price table " + path + " cannot be read: " + e, e);
    }
    return parse(json, path.toString());
  }

  /** Reads a table in the JSON form. @throws IllegalArgumentException naming the problem */
  public static PriceTable fromJson(String json) {
    return parse(Objects.requireNonNull(json, "json"), "JSON text");
  }

  /** The date the prices are from; null only for {@link #empty()}. */
  public LocalDate effectiveDate() {
    return effectiveDate;
  }

  /** A free-text note on the source of the prices, or null. */
  public String note() {
    return note;
  }

  /** Every price, in declaration order. */
  public List<ModelPrice> prices() {
    return prices;
  }

  /** The price that applies to {@code model} by the matching rules above, or empty. */
  public Optional<ModelPrice> priceFor(String model) {
    if (model == null) {
      return Optional.empty();
    }
    String m = model.toLowerCase(Locale.ROOT);
    ModelPrice p = exact.get(m);
    if (p != null) {
      return Optional.of(p);
    }
    for (Glob g : globs) {
      if (g.matches(m)) {
        return Optional.of(g.price);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "PriceTable{" + prices.size() + " models, effective " + effectiveDate + "}";
  }

  private record Glob(String pattern, ModelPrice price) {
    int literals() {
      int n = 0;
      for (int i = 0; i < pattern.length(); i++) {
        char c = pattern.charAt(i);
        if (c != '*' && c != '?') {
          n++;
        }
      }
      return n;
    }

    /** Iterative glob match: on a mismatch, retry from the last '*' one character further on. */
    boolean matches(String s) {
      int p = 0;
      int i = 0;
      int star = -1;
      int resume = 0;
      while (i < s.length()) {
        if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == s.charAt(i))) {
          p++;
          i++;
        } else if (p < pattern.length() && pattern.charAt(p) == '*') {
          star = p++;
          resume = i;
        } else if (star >= 0) {
          p = star + 1;
          i = ++resume;
        } else {
          return false;
        }
      }
      while (p < pattern.length() && pattern.charAt(p) == '*') {
        p++;
      }
      return p == pattern.length();
    }
  }

  private static final class Defaults {
    static final PriceTable TABLE = loadDefaults();

    private static PriceTable loadDefaults() {
      try (InputStream in = PriceTable.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("Agentrace's default price table " + DEFAULTS_RESOURCE + " is missing from the jar");
        }
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEFAULTS_RESOURCE);
      } catch (IOException e) {
        throw new IllegalStateException("Agentrace's default price table " + DEFAULTS_RESOURCE + " cannot be read", e);
      }
    }
  }

  // ---------------------------------------------------------------- JSON

  private static PriceTable parse(String json, String source) {
    Builder b = builder();
    try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), json)) {
      expect(p, p.nextToken(), JsonToken.START_OBJECT, source, "the top level");
      boolean sawModels = false;
      for (String field = p.nextName(); field != null; field = p.nextName()) {
        JsonToken t = p.nextToken();
        switch (field) {
          case "effectiveDate" -> {
            expect(p, t, JsonToken.VALUE_STRING, source, "effectiveDate");
            try {
              b.effectiveDate(LocalDate.parse(p.getString()));
            } catch (DateTimeParseException e) {
              throw new IllegalArgumentException("price table " + source + ": effectiveDate must be YYYY-MM-DD, got '"
                  + p.getString() + "'");
            }
          }
          case "note" -> {
            expect(p, t, JsonToken.VALUE_STRING, source, "note");
            b.note(p.getString());
          }
          case "currency" -> {
            expect(p, t, JsonToken.VALUE_STRING, source, "currency");
            if (!"USD".equals(p.getString())) {
              throw new IllegalArgumentException("price table " + source + ": currency must be USD, got '" + p.getString() + "'");
            }
          }
          case "models" -> {
            expect(p, t, JsonToken.START_ARRAY, source, "models");
            sawModels = true;
            for (JsonToken m = p.nextToken(); m != JsonToken.END_ARRAY; m = p.nextToken()) {
              expect(p, m, JsonToken.START_OBJECT, source, "each entry of models");
              b.model(parseModel(p, source));
            }
          }
          default -> throw new IllegalArgumentException("price table " + source + ": unknown field '" + field
              + "' (allowed: effectiveDate, currency, note, models)");
        }
      }
      if (!sawModels) {
        throw new IllegalArgumentException("price table " + source + ": 'models' is missing");
      }
    } catch (JacksonException e) {
      throw new IllegalArgumentException("price table " + source + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (b.effectiveDate == null) {
      throw new IllegalArgumentException("price table " + source + ": 'effectiveDate' is missing");
    }
    return b.build();
  }

  private static ModelPrice parseModel(JsonParser p, String source) {
    String pattern = null;
    Map<String, Double> v = new LinkedHashMap<>();
    for (String field = p.nextName(); field != null; field = p.nextName()) {
      JsonToken t = p.nextToken();
      switch (field) {
        case "pattern" -> {
          expect(p, t, JsonToken.VALUE_STRING, source, "pattern");
          pattern = p.getString();
        }
        case "note" -> expect(p, t, JsonToken.VALUE_STRING, source, "note of a model");
        case "input", "output", "cachedInput", "reasoning" -> {
          if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new IllegalArgumentException("price table " + source + ": '" + field + "' of model "
                + (pattern == null ? "(pattern not yet read)" : "'" + pattern + "'") + " must be a number, got " + t);
          }
          v.put(field, p.getDoubleValue());
        }
        default -> throw new IllegalArgumentException("price table " + source + ": unknown field '" + field
            + "' in a model entry (allowed: pattern, input, output, cachedInput, reasoning, note)");
      }
    }
    if (pattern == null || !v.containsKey("input") || !v.containsKey("output")) {
      throw new IllegalArgumentException("price table " + source + ": every model needs 'pattern', 'input' and 'output'"
          + (pattern == null ? "" : "; '" + pattern + "' lacks one"));
    }
    double in = v.get("input");
    double out = v.get("output");
    return new ModelPrice(pattern, in, out, v.getOrDefault("cachedInput", in), v.getOrDefault("reasoning", out));
  }

  private static void expect(JsonParser p, JsonToken actual, JsonToken expected, String source, String what) {
    if (actual != expected) {
      throw new IllegalArgumentException("price table " + source + ": " + what + " must be " + describe(expected)
          + ", got " + (actual == null ? "end of input" : describe(actual)) + " (line " + p.currentTokenLocation().getLineNr()
          + ", column " + p.currentTokenLocation().getColumnNr() + ")");
    }
  }

  private static String describe(JsonToken t) {
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      default -> t.name().toLowerCase(Locale.ROOT);
    };
  }

  /**
   * Builds a {@link PriceTable}. A pattern added again (case-insensitively) replaces the earlier price, so a
   * table started from {@link PriceTable#defaults()} can override single models. Not thread-safe.
   */
  public static final class Builder {
    private LocalDate effectiveDate;
    private String note;
    private final Map<String, ModelPrice> prices = new LinkedHashMap<>();

    private Builder() {}

    /** The date the prices are from (required). */
    public Builder effectiveDate(LocalDate date) {
      this.effectiveDate = Objects.requireNonNull(date, "effectiveDate");
      return this;
    }

    /** A note on where the prices come from. */
    public Builder note(String note) {
      this.note = note;
      return this;
    }

    /** Adds (or replaces) a price. */
    public Builder model(ModelPrice price) {
      Objects.requireNonNull(price, "price");
      String key = price.pattern().toLowerCase(Locale.ROOT);
      prices.remove(key);
      prices.put(key, price);
      return this;
    }

    /** Adds a price whose cached input costs the input price; see {@link ModelPrice#of(String, double, double)}. */
    public Builder model(String pattern, double inputPerMillion, double outputPerMillion) {
      return model(ModelPrice.of(pattern, inputPerMillion, outputPerMillion));
    }

    /** Adds a price with a cached-input discount; see {@link ModelPrice#of(String, double, double, double)}. */
    public Builder model(String pattern, double inputPerMillion, double outputPerMillion, double cachedInputPerMillion) {
      return model(ModelPrice.of(pattern, inputPerMillion, outputPerMillion, cachedInputPerMillion));
    }

    /** Adds every price of {@code table} (not its date or note). */
    public Builder addAll(PriceTable table) {
      Objects.requireNonNull(table, "table").prices.forEach(this::model);
      return this;
    }

    /** @throws IllegalStateException if no effective date was set */
    public PriceTable build() {
      if (effectiveDate == null) {
        throw new IllegalStateException("PriceTable: effectiveDate is not set; say which date the prices are from");
      }
      return new PriceTable(effectiveDate, note, new ArrayList<>(prices.values()));
    }
  }
}
