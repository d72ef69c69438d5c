package dev.agentrace.core.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrace.core.data.RiskLevel;
import dev.agentrace.core.data.RiskResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class RiskProfileTest {
  private static int bits(DataCategory... categories) {
    int m = 0;
    for (DataCategory c : categories) {
      m |= 1 << c.ordinal();
    }
    return m;
  }

  @Test
  void defaults_credentialsCriticalFinancialHighPersonalMedium() {
    RiskProfile p = RiskProfile.defaults();
    for (DataCategory c : DataCategory.values()) {
      RiskLevel expected = c.isCredential() ? RiskLevel.CRITICAL
          : c == DataCategory.CREDIT_CARD || c == DataCategory.IBAN ? RiskLevel.HIGH : RiskLevel.MEDIUM;
      assertThat(p.level(null, c)).as(c.name()).isEqualTo(expected);
    }
    assertThat(p.score("any", DataCategory.PRIVATE_KEY)).isEqualTo(100);
    assertThat(p.score("any", DataCategory.EMAIL)).isEqualTo(40);
  }

  @Test
  void assess_severalCategories_takesHighestLevelAndScoreListsAllInEnumOrder() {
    RiskResult r = RiskProfile.defaults().assess("tool", bits(DataCategory.JWT, DataCategory.EMAIL, DataCategory.IBAN), true);
    assertThat(r.level()).isEqualTo(RiskLevel.CRITICAL);
    assertThat(r.score()).isEqualTo(90);
    assertThat(r.categories()).containsExactly("email", "iban", "jwt");
    assertThat(r.redacted()).isTrue();
  }

  @Test
  void assess_nothingDetected_isNone() {
    assertThat(RiskProfile.defaults().assess("tool", 0, false)).isSameAs(RiskResult.none());
  }

  @Test
  void forType_overridesOneCategoryForThatTypeOnly() {
    RiskProfile p = RiskProfile.builder()
        .category(DataCategory.EMAIL, RiskLevel.HIGH, 60)
        .forType("send_email", DataCategory.EMAIL, RiskLevel.LOW, 10)
        .build();
    assertThat(p.assess("send_email", bits(DataCategory.EMAIL), false))
        .isEqualTo(new RiskResult(RiskLevel.LOW, 10, List.of("email"), false));
    assertThat(p.level("web_search", DataCategory.EMAIL)).isEqualTo(RiskLevel.HIGH);
    assertThat(p.score(null, DataCategory.EMAIL)).isEqualTo(60);
    assertThat(p.level("send_email", DataCategory.PHONE)).isEqualTo(RiskLevel.MEDIUM);
  }

  @Test
  void category_levelNone_detectedButRaisesNothing() {
    RiskProfile p = RiskProfile.builder().category(DataCategory.PHONE, RiskLevel.NONE, 0).build();
    RiskResult r = p.assess("tool", bits(DataCategory.PHONE), false);
    assertThat(r.level()).isEqualTo(RiskLevel.NONE);
    assertThat(r.score()).isZero();
    assertThat(r.categories()).containsExactly("phone");
  }

  @Test
  void builder_badValues_throwNamingTheValue() {
    RiskProfile.Builder b = RiskProfile.builder();
    assertThatThrownBy(() -> b.category(DataCategory.EMAIL, RiskLevel.LOW, 101))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("101").hasMessageContaining("EMAIL");
    assertThatThrownBy(() -> b.category(DataCategory.EMAIL, RiskLevel.LOW, -1)).hasMessageContaining("-1");
    assertThatThrownBy(() -> b.category(DataCategory.EMAIL, RiskLevel.NONE, 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NONE with score 5");
    assertThatThrownBy(() -> b.category(DataCategory.EMAIL, RiskLevel.HIGH, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HIGH with score 0");
    assertThatThrownBy(() -> b.forType(" ", DataCategory.EMAIL, RiskLevel.LOW, 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spanType");
    assertThatThrownBy(() -> b.category(null, RiskLevel.LOW, 5)).isInstanceOf(NullPointerException.class)
        .hasMessage("category");
  }

  @Test
  void build_laterBuilderChanges_doNotAffectBuiltProfile() {
    RiskProfile.Builder b = RiskProfile.builder();
    RiskProfile first = b.build();
    b.category(DataCategory.EMAIL, RiskLevel.LOW, 5).forType("t", DataCategory.IBAN, RiskLevel.LOW, 5);
    assertThat(first.score(null, DataCategory.EMAIL)).isEqualTo(40);
    assertThat(first.score("t", DataCategory.IBAN)).isEqualTo(70);
  }
}
