package dev.agentrace.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void parse_sameValueOtherSpelling_equal() {
    Object a = Json.parse("{\"a\":1,\"b\":[1.50,true,null],\"c\":{\"d\":\"x\"}}");
    Object b = Json.parse(" { \"c\" : {\"d\":\"x\"}, \"b\":[15e-1,true,null], \"a\":1.0 } ");
    assertThat(a).isEqualTo(b);
    assertThat(Json.parse("0.0")).isEqualTo(Json.parse("-0")).isEqualTo(Json.parse("0"));
  }

  @Test
  void parse_arrayOrderOrValueDiffers_notEqual() {
    assertThat(Json.parse("[1,2]")).isNotEqualTo(Json.parse("[2,1]"));
    assertThat(Json.parse("{\"a\":\"1\"}")).isNotEqualTo(Json.parse("{\"a\":1}"));
    assertThat(Json.parse("{\"a\":null}")).isNotEqualTo(Json.parse("{}"));
  }

  @Test
  void parse_notOneJsonValue_throwsIllegalArgument() {
    assertThatThrownBy(() -> Json.parse("")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> Json.parse("1 2")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than one value");
    assertThatThrownBy(() -> Json.parse("{\"a\":")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not JSON");
    assertThatThrownBy(() -> Json.parse("refund")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("in refund");
  }

  @Test
  void at_pointers_followRfc6901() {
    Object doc = Json.parse("{\"a\":{\"b/c\":[10,{\"~k\":\"v\"}]},\"\":1,\"n\":null}");
    assertThat(Json.at(doc, "")).isSameAs(doc);
    assertThat(Json.at(doc, "/a/b~1c/0")).isEqualTo(Json.fromJava(10));
    assertThat(Json.at(doc, "/a/b~1c/1/~0k")).isEqualTo("v");
    assertThat(Json.at(doc, "/")).isEqualTo(Json.fromJava(1));
    assertThat(Json.at(doc, "/n")).isNull();
  }

  @Test
  void at_nowhere_isMissing() {
    Object doc = Json.parse("{\"a\":[1,2],\"s\":\"x\"}");
    for (String p : List.of("/b", "/a/2", "/a/01", "/a/-", "/a/x", "/s/0", "/a/0/z", "/a/99999999999")) {
      assertThat(Json.at(doc, p)).as(p).isSameAs(Json.MISSING);
    }
    assertThatThrownBy(() -> Json.at(doc, "a")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 'a'");
  }

  @Test
  void fromJava_valuesOfEveryKind_matchTheirJson() {
    Object doc = Json.parse("{\"i\":3,\"l\":3,\"d\":0.1,\"f\":0.5,\"bd\":2.50,\"bi\":7,\"s\":\"x\",\"c\":\"y\","
        + "\"e\":\"NANOSECONDS\",\"b\":false,\"n\":null,\"arr\":[1,2],\"list\":[\"a\"]}");
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("i", 3);
    values.put("l", 3L);
    values.put("d", 0.1);
    values.put("f", 0.5f);
    values.put("bd", new BigDecimal("2.5"));
    values.put("bi", BigInteger.valueOf(7));
    values.put("s", "x");
    values.put("c", new StringBuilder("y"));
    values.put("e", TimeUnit.NANOSECONDS);
    values.put("b", false);
    values.put("n", null);
    values.put("arr", new int[] {1, 2});
    values.put("list", Arrays.asList('a'));
    assertThat(Json.fromJava(values)).isEqualTo(doc);
  }

  @Test
  void fromJava_noJsonForm_throwsIllegalArgument() {
    assertThatThrownBy(() -> Json.fromJava(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN has no JSON form");
    assertThatThrownBy(() -> Json.fromJava(List.of(new Object()))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Object cannot be compared");
  }

  @Test
  void firstDifference_equalOrNot_pointsAtTheFirstDifference() {
    Object a = Json.parse("{\"x\":[1,{\"y\":\"a\"}],\"z\":true}");
    assertThat(Json.firstDifference(a, Json.parse("{\"z\":true,\"x\":[1.0,{\"y\":\"a\"}]}"), "")).isNull();
    assertThat(Json.firstDifference(a, Json.parse("{\"x\":[1,{\"y\":\"b\"}],\"z\":true}"), ""))
        .isEqualTo("/x/1/y: expected \"a\" but was \"b\"");
    assertThat(Json.firstDifference(a, Json.parse("{\"x\":[1,{\"y\":\"a\"}]}"), ""))
        .isEqualTo("/z: expected true but it is missing");
    assertThat(Json.firstDifference(a, Json.parse("{\"x\":[1,{\"y\":\"a\"}],\"z\":true,\"w/~\":0}"), ""))
        .isEqualTo("/w~1~0: unexpected 0");
    assertThat(Json.firstDifference(a, Json.parse("{\"x\":[1],\"z\":true}"), "/in"))
        .isEqualTo("/in/x: expected 2 elements but was 1");
    assertThat(Json.firstDifference(a, Json.parse("[]"), "")).startsWith("(whole document): expected {\"x\"");
  }

  @Test
  void render_canonicalValues_compactJson() {
    assertThat(Json.render(Json.parse("{\"a\":[1e2,-0.50,\"q\\\"\\n\\u0001\"],\"b\":null}")))
        .isEqualTo("{\"a\":[100,-0.5,\"q\\\"\\n\\u0001\"],\"b\":null}");
    assertThat(Json.render(Json.MISSING)).isEqualTo("(missing)");
  }

  @Test
  void abbreviate_longText_cutsAndSaysHowMuch() {
    assertThat(Json.abbreviate("x".repeat(500))).hasSize(500);
    assertThat(Json.abbreviate("x".repeat(520))).endsWith("x... (20 more chars)");
  }
}
