package dev.agentrace.core.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void defaults_redactCredentialsOnly() {
    assertThat(Redaction.defaults().categories()).containsExactly(DataCategory.API_KEY, DataCategory.BEARER_TOKEN,
        DataCategory.JWT, DataCategory.CLOUD_ACCESS_KEY, DataCategory.PRIVATE_KEY);
    assertThat(Redaction.defaults().redacts(DataCategory.EMAIL)).isFalse();
  }

  @Test
  void builder_redactAndKeep_adjustFromDefaults() {
    Redaction r = Redaction.builder().redact(DataCategory.CREDIT_CARD, DataCategory.EMAIL).keep(DataCategory.JWT).build();
    assertThat(r.redacts(DataCategory.CREDIT_CARD)).isTrue();
    assertThat(r.redacts(DataCategory.EMAIL)).isTrue();
    assertThat(r.redacts(DataCategory.JWT)).isFalse();
    assertThat(r.redacts(DataCategory.API_KEY)).isTrue();
    assertThat(r.mask()).isEqualTo((1 << DataCategory.CREDIT_CARD.ordinal()) | (1 << DataCategory.EMAIL.ordinal())
        | (1 << DataCategory.API_KEY.ordinal()) | (1 << DataCategory.BEARER_TOKEN.ordinal())
        | (1 << DataCategory.CLOUD_ACCESS_KEY.ordinal()) | (1 << DataCategory.PRIVATE_KEY.ordinal()));
  }

  @Test
  void none_redactsNothing() {
    assertThat(Redaction.none().categories()).isEmpty();
    assertThat(Redaction.none().mask()).isZero();
  }

  @Test
  void categories_isUnmodifiable() {
    assertThatThrownBy(() -> Redaction.defaults().categories().add(DataCategory.EMAIL))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void marker_namesTheCategoryId() {
    assertThat(Redaction.marker(DataCategory.CLOUD_ACCESS_KEY)).isEqualTo("[REDACTED:cloud_access_key]");
  }

  @Test
  void builder_nullCategory_throws() {
    assertThatThrownBy(() -> Redaction.builder().redact((DataCategory) null)).isInstanceOf(NullPointerException.class);
  }
}
