package dev.agentrace.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrace.core.data.TokenUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceTableTest {
  private static final LocalDate DATE = LocalDate.of(2025, 11, 1);

  private static PriceTable.Builder builder() {
    return PriceTable.builder().effectiveDate(DATE);
  }

  private static String patternFor(PriceTable t, String model) {
    return t.priceFor(model).map(ModelPrice::pattern).orElse(null);
  }

  @Test
  void priceFor_exactName_matchesOnlyThatName() {
    PriceTable t = builder().model("gpt-4o", 2.5, 10).build();

    assertThat(patternFor(t, "gpt-4o")).isEqualTo("gpt-4o");
    assertThat(patternFor(t, "gpt-4o-2024-08-06")).isNull();
  }

  @Test
  void priceFor_glob_starMatchesAnyRunAndQuestionMarkOneCharacter() {
    PriceTable t = builder().model("claude-*-4-?*", 3, 15).build();

    assertThat(patternFor(t, "claude-sonnet-4-5")).isEqualTo("claude-*-4-?*");
    assertThat(patternFor(t, "claude-opus-4-1-20250805")).isEqualTo("claude-*-4-?*");
    assertThat(patternFor(t, "claude-sonnet-4-")).isNull();
    assertThat(patternFor(t, "claude-sonnet-3-5")).isNull();
  }

  @Test
  void priceFor_caseDiffers_stillMatches() {
    PriceTable t = builder().model("GPT-4o*", 2.5, 10).build();

    assertThat(patternFor(t, "gpt-4O-Mini")).isEqualTo("GPT-4o*");
  }

  @Test
  void priceFor_severalMatch_mostSpecificWins() {
    PriceTable t = builder()
        .model("gpt-4o*", 2.5, 10)
        .model("gpt-*", 99, 99)
        .model("gpt-4o-mini*", 0.15, 0.6)
        .model("gpt-4o-2024-05-13", 5, 15)
        .build();

    assertThat(patternFor(t, "gpt-4o-mini-2024-07-18")).isEqualTo("gpt-4o-mini*");
    assertThat(patternFor(t, "gpt-4o-2024-08-06")).isEqualTo("gpt-4o*");
    assertThat(patternFor(t, "gpt-4o-2024-05-13")).isEqualTo("gpt-4o-2024-05-13");
    assertThat(patternFor(t, "gpt-3.5-turbo")).isEqualTo("gpt-*");
  }

  @Test
  void priceFor_equallySpecificGlobs_firstDeclaredWins() {
    PriceTable t = builder().model("*-mini", 1, 1).model("o4-*", 2, 2).build();

    assertThat(patternFor(t, "o4-mini")).isEqualTo("*-mini");
  }

  @Test
  void priceFor_unknownOrNullModel_empty() {
    PriceTable t = builder().model("gpt-4o*", 2.5, 10).build();

    assertThat(t.priceFor("llama-3-70b")).isEmpty();
    assertThat(t.priceFor(null)).isEmpty();
  }

  @Test
  void builder_samePatternAgain_replacesTheEarlierPrice() {
    PriceTable t = builder().addAll(PriceTable.defaults()).model("GPT-4O*", 1, 2).build();

    assertThat(t.priceFor("gpt-4o").orElseThrow().inputPerMillion()).isEqualTo(1);
    assertThat(t.prices()).hasSize(PriceTable.defaults().prices().size());
  }

  @Test
  void cost_cachedAndReasoningTokens_pricedApartAndCountedOnce() {
    ModelPrice p = new ModelPrice("m", 2.0, 8.0, 0.5, 12.0);

    // 1000 input of which 400 cached; 500 output of which 100 reasoning.
    double cost = p.cost(new TokenUsage(1000, 500, 400, 100));

    assertThat(cost).isCloseTo((600 * 2.0 + 400 * 0.5 + 400 * 8.0 + 100 * 12.0) / 1e6, Offset.offset(1e-15));
  }

  @Test
  void modelPriceOf_defaults_cachedAtInputAndReasoningAtOutput() {
    ModelPrice p = ModelPrice.of("m", 3, 15);

    assertThat(p.cachedInputPerMillion()).isEqualTo(3);
    assertThat(p.reasoningPerMillion()).isEqualTo(15);
    assertThat(p.cost(new TokenUsage(1000, 1000, 500, 500))).isCloseTo(0.018, Offset.offset(1e-15));
  }

  @Test
  void modelPrice_negativePrice_throwsNamingIt() {
    assertThatThrownBy(() -> ModelPrice.of("gpt-x", -1, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gpt-x").hasMessageContaining("-1.0");
  }

  @Test
  void build_withoutEffectiveDate_throws() {
    assertThatThrownBy(() -> PriceTable.builder().model("m", 1, 1).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("effectiveDate");
  }

  @Test
  void defaults_loadFromTheShippedResource_datedAndNoted() {
    PriceTable d = PriceTable.defaults();

    assertThat(d.effectiveDate()).isEqualTo(LocalDate.of(2025, 11, 1));
    assertThat(d.note()).contains("List prices");
    assertThat(d.priceFor("gpt-4o-mini-2024-07-18").orElseThrow().inputPerMillion()).isEqualTo(0.15);
    assertThat(d.priceFor("claude-sonnet-4-5-20250929").orElseThrow().outputPerMillion()).isEqualTo(15.0);
    assertThat(d.priceFor("gemini-2.5-flash-lite").orElseThrow().pattern()).isEqualTo("gemini-2.5-flash-lite*");
    assertThat(d.priceFor("o3-mini").orElseThrow().pattern()).isEqualTo("o3-mini*");
  }

  @Test
  void fromJson_optionalFieldsDefault_cachedToInputReasoningToOutput() {
    PriceTable t = PriceTable.fromJson("""
        {"effectiveDate": "2025-01-31", "models": [
          {"pattern": "a*", "input": 1, "output": 2},
          {"pattern": "b", "input": 1, "output": 2, "cachedInput": 0.1, "reasoning": 5, "note": "why"}]}""");

    assertThat(t.effectiveDate()).isEqualTo(LocalDate.of(2025, 1, 31));
    assertThat(t.prices()).containsExactly(new ModelPrice("a*", 1, 2, 1, 2), new ModelPrice("b", 1, 2, 0.1, 5));
  }

  @Test
  void fromJson_unknownField_throwsNamingIt() {
    assertThatThrownBy(() -> PriceTable.fromJson("""
        {"effectiveDate": "2025-01-31", "models": [{"pattern": "a", "input": 1, "outptu": 2}]}"""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'outptu'");
  }

  @Test
  void fromJson_missingDateOrBadDate_throws() {
    assertThatThrownBy(() -> PriceTable.fromJson("{\"models\": []}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("effectiveDate");
    assertThatThrownBy(() -> PriceTable.fromJson("{\"effectiveDate\": \"1 Nov 2025\", \"models\": []}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'1 Nov 2025'");
  }

  @Test
  void fromJson_priceAsString_throwsNamingModelAndField() {
    assertThatThrownBy(() -> PriceTable.fromJson("""
        {"effectiveDate": "2025-01-31", "models": [{"pattern": "a", "input": "1.0", "output": 2}]}"""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'input'").hasMessageContaining("'a'");
  }

  @Test
  void fromJson_notJson_throwsIllegalArgument() {
    assertThatThrownBy(() -> PriceTable.fromJson("{\"effectiveDate\": "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
  }

  @Test
  void load_file_readsIt(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("prices.json");
    Files.writeString(f, "{\"effectiveDate\": \"2025-02-01\", \"currency\": \"USD\", \"models\": ["
        + "{\"pattern\": \"m\", \"input\": 1, \"output\": 2}]}");

    assertThat(PriceTable.load(f).priceFor("M")).isPresent();
  }

  @Test
  void load_missingFile_throwsNamingThePath(@TempDir Path dir) {
    Path f = dir.resolve("nope.json");

    assertThatThrownBy(() -> PriceTable.load(f)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(f.toString());
  }
}
