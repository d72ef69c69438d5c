package dev.agentrace.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AttributeKeyTest {

  @Test
  void factories_eachType_carryNameAndType() {
    assertThat(AttributeKey.stringKey("s").name()).isEqualTo("s");
    assertThat(AttributeKey.stringKey("s").type()).isEqualTo(AttributeKey.Type.STRING);
    assertThat(AttributeKey.longKey("l").name()).isEqualTo("l");
    assertThat(AttributeKey.longKey("l").type()).isEqualTo(AttributeKey.Type.LONG);
    assertThat(AttributeKey.doubleKey("d").name()).isEqualTo("d");
    assertThat(AttributeKey.doubleKey("d").type()).isEqualTo(AttributeKey.Type.DOUBLE);
    assertThat(AttributeKey.booleanKey("b").name()).isEqualTo("b");
    assertThat(AttributeKey.booleanKey("b").type()).isEqualTo(AttributeKey.Type.BOOLEAN);
  }

  @Test
  void stringKey_dottedWireName_keepsItVerbatim() {
    assertThat(AttributeKey.stringKey("gen_ai.request.model").name()).isEqualTo("gen_ai.request.model");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t\n"})
  void factories_blankName_throwIllegalArgument(String name) {
    assertThatThrownBy(() -> AttributeKey.stringKey(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank");
    assertThatThrownBy(() -> AttributeKey.longKey(name)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AttributeKey.doubleKey(name)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AttributeKey.booleanKey(name)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void factories_nullName_throwNullPointerNamingTheArgument() {
    assertThatThrownBy(() -> AttributeKey.stringKey(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
  }

  @Test
  void equals_sameNameAndType_areEqualWithSameHashCode() {
    assertThat(AttributeKey.longKey("retries"))
        .isEqualTo(AttributeKey.longKey("retries"))
        .hasSameHashCodeAs(AttributeKey.longKey("retries"));
  }

  @Test
  void equals_sameNameOtherType_areNotEqual() {
    assertThat((Object) AttributeKey.stringKey("x")).isNotEqualTo(AttributeKey.longKey("x"));
    assertThat((Object) AttributeKey.doubleKey("x")).isNotEqualTo(AttributeKey.booleanKey("x"));
  }

  @Test
  void equals_otherName_areNotEqual() {
    assertThat(AttributeKey.stringKey("a")).isNotEqualTo(AttributeKey.stringKey("b"));
    assertThat(AttributeKey.stringKey("a")).isNotEqualTo("a");
  }

  @Test
  void toString_always_namesKeyAndType() {
    assertThat(AttributeKey.booleanKey("cached")).hasToString("cached:BOOLEAN");
  }
}
