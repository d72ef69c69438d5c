package dev.agentrace.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import dev.agentrace.core.internal.fixture.HiddenRecords;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

class PayloadsTest {

  private static final int LIMIT = 10_000;

  // ---- strings ---------------------------------------------------------------------------

  @Test
  void toJson_null_writesJsonNull() {
    assertThat(Payloads.toJson(null, LIMIT)).isEqualTo("null");
  }

  @Test
  void toJson_plainString_writesQuotedString() {
    assertThat(Payloads.toJson("Summarise the ticket.", LIMIT)).isEqualTo("\"Summarise the ticket.\"");
  }

  /**
   * A top-level string takes the direct path (JsonText), a nested one or a key the generator's; both must
   * write the same text, which JsonTextTest checks in detail.
   */
  @Test
  void toJson_topLevelAndNestedString_escapeIdentically() {
    String s =
        IntStream.range(0, 0x20).mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining())
            + "\"\\/\u007f\u2028\u2029 é \uD83D\uDE00 \uD800";

    String top = Payloads.toJson(s, LIMIT);

    assertThat("[" + top + "]").isEqualTo(Payloads.toJson(List.of(s), LIMIT));
    assertThat("{" + top + ":1}").isEqualTo(Payloads.toJson(Map.of(s, 1), LIMIT));
    assertThat(parse(top)).isEqualTo(JsonText.wellFormed(s));
  }

  @Test
  void toJson_loneSurrogatesInNestedValuesKeysAndToString_replacedWithReplacementCharacter() {
    Object value =
        List.of(
            "x\uD800",
            Map.of("k\uDC00", "v"),
            new StringBuilder("sb\uDBFF"),
            '\uD800',
            new char[] {'\uDC00', 'a'},
            new Opaque("o\uD801"));

    Object parsed = parse(Payloads.toJson(value, LIMIT));

    assertThat(parsed)
        .isEqualTo(
            List.of(
                "x\uFFFD",
                Map.of("k\uFFFD", "v"),
                "sb\uFFFD",
                "\uFFFD",
                List.of("\uFFFD", "a"),
                Map.of("$type", Opaque.class.getName(), "value", "o\uFFFD")));
  }

  @Test
  void toJson_charSequenceAndCharacter_writeStrings() {
    assertThat(Payloads.toJson(new StringBuilder("built"), LIMIT)).isEqualTo("\"built\"");
    assertThat(Payloads.toJson(CharBuffer.wrap("buffer"), LIMIT)).isEqualTo("\"buffer\"");
    assertThat(Payloads.toJson('q', LIMIT)).isEqualTo("\"q\"");
  }

  // ---- scalars ---------------------------------------------------------------------------

  @Test
  void toJson_booleans_writeLiterals() {
    assertThat(Payloads.toJson(true, LIMIT)).isEqualTo("true");
    assertThat(Payloads.toJson(false, LIMIT)).isEqualTo("false");
  }

  @Test
  void toJson_integralNumbers_writeNumbers() {
    assertThat(Payloads.toJson(42, LIMIT)).isEqualTo("42");
    assertThat(Payloads.toJson(Long.MIN_VALUE, LIMIT)).isEqualTo("-9223372036854775808");
    assertThat(Payloads.toJson((short) -7, LIMIT)).isEqualTo("-7");
    assertThat(Payloads.toJson((byte) 8, LIMIT)).isEqualTo("8");
    assertThat(Payloads.toJson(new AtomicInteger(9), LIMIT)).isEqualTo("9");
    assertThat(Payloads.toJson(new AtomicLong(10_000_000_000L), LIMIT)).isEqualTo("10000000000");
    assertThat(Payloads.toJson(new BigInteger("123456789012345678901234567890"), LIMIT))
        .isEqualTo("123456789012345678901234567890");
  }

  @Test
  void toJson_bigDecimal_writesNumberWithScale() {
    assertThat(Payloads.toJson(new BigDecimal("1.50"), LIMIT)).isEqualTo("1.50");
    assertThat(parse(Payloads.toJson(new BigDecimal("-12345678901234567890.0001"), LIMIT)))
        .isEqualTo(new BigDecimal("-12345678901234567890.0001"));
  }

  @Test
  void toJson_finiteFloatingPoint_writesNumbers() {
    assertThat(Payloads.toJson(0.25d, LIMIT)).isEqualTo("0.25");
    assertThat(Payloads.toJson(1.5f, LIMIT)).isEqualTo("1.5");
    assertThat(parse(Payloads.toJson(1e300, LIMIT))).isEqualTo(new BigDecimal("1.0E300"));
  }

  @Test
  void toJson_nanAndInfinity_writeStrings() {
    assertThat(Payloads.toJson(Double.NaN, LIMIT)).isEqualTo("\"NaN\"");
    assertThat(Payloads.toJson(Double.POSITIVE_INFINITY, LIMIT)).isEqualTo("\"Infinity\"");
    assertThat(Payloads.toJson(Double.NEGATIVE_INFINITY, LIMIT)).isEqualTo("\"-Infinity\"");
    assertThat(Payloads.toJson(Float.NaN, LIMIT)).isEqualTo("\"NaN\"");
    assertThat(Payloads.toJson(Float.NEGATIVE_INFINITY, LIMIT)).isEqualTo("\"-Infinity\"");
    assertThat(Payloads.toJson(new double[] {1, Double.NaN}, LIMIT)).isEqualTo("[1.0,\"NaN\"]");
    assertThat(Payloads.toJson(new float[] {Float.POSITIVE_INFINITY}, LIMIT))
        .isEqualTo("[\"Infinity\"]");
  }

  @Test
  void toJson_enum_writesNameNotToString() {
    assertThat(Payloads.toJson(Mood.HAPPY, LIMIT)).isEqualTo("\"HAPPY\"");
    assertThat(Payloads.toJson(Mood.GRUMPY, LIMIT)).isEqualTo("\"GRUMPY\"");
  }

  @Test
  void toJson_javaTimeValues_writeIsoStrings() {
    assertThat(Payloads.toJson(Instant.parse("2024-05-06T07:08:09.123Z"), LIMIT))
        .isEqualTo("\"2024-05-06T07:08:09.123Z\"");
    assertThat(Payloads.toJson(LocalDate.of(2024, 5, 6), LIMIT)).isEqualTo("\"2024-05-06\"");
    assertThat(Payloads.toJson(LocalDateTime.of(2024, 5, 6, 7, 8, 9), LIMIT))
        .isEqualTo("\"2024-05-06T07:08:09\"");
    assertThat(Payloads.toJson(LocalTime.of(7, 8), LIMIT)).isEqualTo("\"07:08\"");
    assertThat(
            Payloads.toJson(OffsetDateTime.of(2024, 5, 6, 7, 8, 9, 0, ZoneOffset.ofHours(2)), LIMIT))
        .isEqualTo("\"2024-05-06T07:08:09+02:00\"");
    assertThat(
            Payloads.toJson(
                ZonedDateTime.of(2024, 5, 6, 7, 8, 9, 0, ZoneId.of("Europe/Paris")), LIMIT))
        .isEqualTo("\"2024-05-06T07:08:09+02:00[Europe/Paris]\"");
    assertThat(Payloads.toJson(Duration.ofSeconds(90), LIMIT)).isEqualTo("\"PT1M30S\"");
    assertThat(Payloads.toJson(Period.ofDays(3), LIMIT)).isEqualTo("\"P3D\"");
    assertThat(Payloads.toJson(ZoneId.of("Europe/Paris"), LIMIT)).isEqualTo("\"Europe/Paris\"");
  }

  @Test
  void toJson_identifiersAndLocations_writeStrings() throws Exception {
    UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    URI uri = URI.create("https://example.com/a?b=c");

    assertThat(Payloads.toJson(id, LIMIT)).isEqualTo("\"123e4567-e89b-12d3-a456-426614174000\"");
    assertThat(Payloads.toJson(uri, LIMIT)).isEqualTo("\"https://example.com/a?b=c\"");
    assertThat(Payloads.toJson(uri.toURL(), LIMIT)).isEqualTo("\"https://example.com/a?b=c\"");
    assertThat(Payloads.toJson(Path.of("notes", "a.txt"), LIMIT))
        .isEqualTo(Payloads.toJson(Path.of("notes", "a.txt").toString(), LIMIT));
    assertThat(Payloads.toJson(new File("notes"), LIMIT)).isEqualTo("\"notes\"");
  }

  @Test
  void toJson_throwable_writesTypeAndMessage() {
    assertThat(Payloads.toJson(new IllegalArgumentException("bad input"), LIMIT))
        .isEqualTo("{\"type\":\"java.lang.IllegalArgumentException\",\"message\":\"bad input\"}");
    assertThat(Payloads.toJson(new IllegalStateException(), LIMIT))
        .isEqualTo("{\"type\":\"java.lang.IllegalStateException\",\"message\":null}");
  }

  @Test
  void toJson_throwableWhoseGetMessageThrows_writesPlaceholderMessage() {
    String json = Payloads.toJson(new MessageThrows(), LIMIT);

    assertThat(parse(json))
        .isEqualTo(
            Map.of(
                "type", MessageThrows.class.getName(),
                "message", "[getMessage() threw java.lang.IllegalStateException: no message]"));
  }

  // ---- containers ------------------------------------------------------------------------

  @Test
  void toJson_map_writesObjectWithStringKeys() {
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put("name", "Ada");
    map.put(7, List.of(1, 2));
    map.put(null, true);

    assertThat(Payloads.toJson(map, LIMIT)).isEqualTo("{\"name\":\"Ada\",\"7\":[1,2],\"null\":true}");
  }

  @Test
  void toJson_mapKeyWhoseToStringThrowsOrReturnsNull_writesPlaceholderKey() {
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put(new ThrowingToString(), 1);
    map.put(new NullToString(), 2);

    assertThat(parse(Payloads.toJson(map, LIMIT)))
        .isEqualTo(
            Map.of(
                "[key toString() threw java.lang.IllegalStateException: nope]", 1, "null", 2));
  }

  @Test
  void toJson_collectionsAndIterables_writeArrays() {
    assertThat(Payloads.toJson(List.of("a", 1, false), LIMIT)).isEqualTo("[\"a\",1,false]");
    assertThat(Payloads.toJson(new LinkedHashSet<>(List.of(3, 2)), LIMIT)).isEqualTo("[3,2]");
    assertThat(Payloads.toJson(new Countdown(3), LIMIT)).isEqualTo("[3,2,1]");
  }

  @Test
  void toJson_arraysOfEveryKind_writeArrays() {
    assertThat(Payloads.toJson(new Object[] {"a", null, 2}, LIMIT)).isEqualTo("[\"a\",null,2]");
    assertThat(Payloads.toJson(new int[] {1, -2}, LIMIT)).isEqualTo("[1,-2]");
    assertThat(Payloads.toJson(new long[] {3L}, LIMIT)).isEqualTo("[3]");
    assertThat(Payloads.toJson(new short[] {4}, LIMIT)).isEqualTo("[4]");
    assertThat(Payloads.toJson(new double[] {0.5}, LIMIT)).isEqualTo("[0.5]");
    assertThat(Payloads.toJson(new float[] {0.25f}, LIMIT)).isEqualTo("[0.25]");
    assertThat(Payloads.toJson(new boolean[] {true, false}, LIMIT)).isEqualTo("[true,false]");
    assertThat(Payloads.toJson(new char[] {'h', 'i'}, LIMIT)).isEqualTo("[\"h\",\"i\"]");
    assertThat(Payloads.toJson(new String[][] {{"x"}, {}}, LIMIT)).isEqualTo("[[\"x\"],[]]");
  }

  @Test
  void toJson_byteArray_writesBase64String() {
    byte[] bytes = {0, 1, 2, (byte) 0xff, 'z'};

    String json = Payloads.toJson(bytes, LIMIT);

    assertThat(json).isEqualTo("\"" + Base64.getEncoder().encodeToString(bytes) + "\"");
  }

  @Test
  void toJson_optionals_writeValueOrNull() {
    assertThat(Payloads.toJson(Optional.of("x"), LIMIT)).isEqualTo("\"x\"");
    assertThat(Payloads.toJson(Optional.empty(), LIMIT)).isEqualTo("null");
    assertThat(Payloads.toJson(List.of(OptionalInt.of(1), OptionalLong.empty()), LIMIT))
        .isEqualTo("[1,null]");
    assertThat(Payloads.toJson(OptionalDouble.of(Double.NaN), LIMIT)).isEqualTo("\"NaN\"");
  }

  @Test
  void toJson_record_writesComponentsInOrder() {
    assertThat(Payloads.toJson(new Point(1, 2), LIMIT)).isEqualTo("{\"x\":1,\"y\":2}");
    assertThat(Payloads.toJson(new Labelled("p", new Point(3, 4), List.of()), LIMIT))
        .isEqualTo("{\"label\":\"p\",\"point\":{\"x\":3,\"y\":4},\"tags\":[]}");
  }

  @Test
  void toJson_nonPublicRecordFromAnotherPackage_writesComponents() {
    assertThat(Payloads.toJson(HiddenRecords.secret("abc"), LIMIT))
        .isEqualTo("{\"value\":\"abc\",\"length\":3}");
  }

  @Test
  void toJson_recordWithThrowingAccessor_writesPlaceholderForThatComponent() {
    String json = Payloads.toJson(new Flaky("fine", "never"), LIMIT);

    assertThat(json)
        .isEqualTo(
            "{\"ok\":\"fine\",\"broken\":\"[broken() threw java.lang.IllegalStateException: boom]\"}");
  }

  @Test
  void toJson_unknownObject_writesTypeAndToString() {
    assertThat(Payloads.toJson(new Opaque("opaque!"), LIMIT))
        .isEqualTo("{\"$type\":\"" + Opaque.class.getName() + "\",\"value\":\"opaque!\"}");
    assertThat(Payloads.toJson(new NullToString(), LIMIT))
        .isEqualTo("{\"$type\":\"" + NullToString.class.getName() + "\",\"value\":null}");
  }

  @Test
  void toJson_throwingToString_writesTypeAndErrorAndKeepsTheRest() {
    String json = Payloads.toJson(List.of(1, new ThrowingToString(), 2), LIMIT);

    assertThat(json)
        .isEqualTo(
            "[1,{\"$type\":\""
                + ThrowingToString.class.getName()
                + "\",\"error\":\"toString() threw java.lang.IllegalStateException: nope\"},2]");
  }

  @Test
  void toJson_toStringThrowingCheckedException_writesError() {
    assertThat(parse(Payloads.toJson(new SneakyToString(), LIMIT)))
        .isEqualTo(
            Map.of(
                "$type", SneakyToString.class.getName(),
                "error", "toString() threw java.io.IOException: disk gone"));
  }

  @Test
  void toJson_toStringOverflowingTheStack_writesError() {
    @SuppressWarnings("unchecked")
    Map<String, Object> parsed =
        (Map<String, Object>) parse(Payloads.toJson(new RecursiveToString(), LIMIT));

    assertThat(parsed.get("error")).isEqualTo("toString() threw java.lang.StackOverflowError");
  }

  @Test
  void toJson_toStringThrowingOutOfMemoryError_rethrows() {
    assertThatThrownBy(() -> Payloads.toJson(new OomToString(), LIMIT))
        .isInstanceOf(OutOfMemoryError.class);
  }

  // ---- cycles and depth ------------------------------------------------------------------

  @Test
  void toJson_mapContainingItself_writesCycleMarker() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("name", "loop");
    map.put("self", map);

    assertThat(Payloads.toJson(map, LIMIT)).isEqualTo("{\"name\":\"loop\",\"self\":\"[cycle]\"}");
  }

  @Test
  void toJson_indirectListCycle_writesCycleMarker() {
    List<Object> outer = new ArrayList<>();
    List<Object> inner = new ArrayList<>();
    outer.add(1);
    outer.add(inner);
    inner.add(outer);
    inner.add(new Object[] {inner});

    assertThat(Payloads.toJson(outer, LIMIT)).isEqualTo("[1,[\"[cycle]\",[\"[cycle]\"]]]");
  }

  @Test
  void toJson_sameObjectTwiceWithoutCycle_writesItTwice() {
    List<Integer> shared = List.of(1);
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("a", shared);
    map.put("b", shared);
    map.put("c", new Object[] {shared, shared});

    assertThat(Payloads.toJson(map, LIMIT)).isEqualTo("{\"a\":[1],\"b\":[1],\"c\":[[1],[1]]}");
  }

  @Test
  void toJson_nestingBeyondMaxDepth_writesDepthMarker() {
    String json = Payloads.toJson(nestedLists(Payloads.MAX_DEPTH + 8), LIMIT);

    assertThat(json)
        .isEqualTo(
            "[".repeat(Payloads.MAX_DEPTH) + "\"[max depth]\"" + "]".repeat(Payloads.MAX_DEPTH));
  }

  @Test
  void toJson_nestingAtMaxDepth_writesEverything() {
    String json = Payloads.toJson(nestedLists(Payloads.MAX_DEPTH), LIMIT);

    assertThat(json).isEqualTo("[".repeat(Payloads.MAX_DEPTH) + "]".repeat(Payloads.MAX_DEPTH));
  }

  // ---- size limit ------------------------------------------------------------------------

  @Test
  void toJson_stringExactlyAtLimit_isNotTruncated() {
    String json = Payloads.toJson("x".repeat(98), 100);

    assertThat(json).hasSize(100);
    assertThat(Payloads.isTruncated(json)).isFalse();
  }

  @Test
  void toJson_stringOneOverLimit_truncatedWithExactOriginalLength() {
    String full = "\"" + "x".repeat(99) + "\"";

    String json = Payloads.toJson("x".repeat(99), 100);

    assertThat(json).hasSizeLessThanOrEqualTo(100);
    assertThat(Payloads.isTruncated(json)).isTrue();
    Map<String, Object> envelope = envelope(json);
    assertThat(envelope.get("originalChars")).isEqualTo(101);
    assertThat(full).startsWith((String) envelope.get("preview"));
  }

  @Test
  void toJson_structureOverLimit_previewIsPrefixOfFullJsonAndLengthExact() {
    List<Object> value = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      value.add(Map.of("q\"" + i, "a\\b"));
    }
    String full = Payloads.toJson(value, Integer.MAX_VALUE);

    String json = Payloads.toJson(value, 100);

    assertThat(full.length()).isBetween(101, 200);
    assertThat(json).hasSizeLessThanOrEqualTo(100);
    Map<String, Object> envelope = envelope(json);
    assertThat(envelope.get("originalChars")).isEqualTo(full.length());
    assertThat((String) envelope.get("preview")).isNotEmpty();
    assertThat(full).startsWith((String) envelope.get("preview"));
  }

  @Test
  void toJson_tenMegabyteString_truncatedFastWithinLimit() {
    String huge = "a".repeat(10_000_000);

    String json = assertTimeout(Duration.ofMillis(500), () -> Payloads.toJson(huge, 1_000));

    assertThat(json).hasSizeLessThanOrEqualTo(1_000);
    assertThat(Payloads.isTruncated(json)).isTrue();
    Map<String, Object> envelope = envelope(json);
    assertThat(((Number) envelope.get("minOriginalChars")).longValue()).isEqualTo(10_000_002L);
    assertThat((String) envelope.get("preview")).startsWith("\"aaaa").hasSizeGreaterThan(900);
  }

  @Test
  void toJson_tenMegabyteStringInsideMap_truncatedFastWithinLimit() {
    Map<String, Object> value = Map.of("prompt", "a\"".repeat(5_000_000));

    String json = assertTimeout(Duration.ofMillis(500), () -> Payloads.toJson(value, 1_000));

    assertThat(json).hasSizeLessThanOrEqualTo(1_000);
    Map<String, Object> envelope = envelope(json);
    assertThat(((Number) envelope.get("minOriginalChars")).longValue()).isGreaterThan(2_000L);
    assertThat((String) envelope.get("preview")).startsWith("{\"prompt\":\"a\\\"a\\\"");
  }

  @Test
  void toJson_millionElementList_stopsEarlyWithinLimit() {
    AtomicInteger reads = new AtomicInteger();
    List<Integer> million =
        new AbstractList<>() {
          @Override
          public Integer get(int index) {
            reads.incrementAndGet();
            return index;
          }

          @Override
          public int size() {
            return 1_000_000;
          }
        };

    String json = Payloads.toJson(million, 4_096);

    assertThat(json).hasSizeLessThanOrEqualTo(4_096);
    assertThat(Payloads.isTruncated(json)).isTrue();
    assertThat(envelope(json)).containsKey("minOriginalChars");
    assertThat((String) envelope(json).get("preview")).startsWith("[0,1,2,3,");
    assertThat(reads.get()).isLessThan(10_000);
  }

  @Test
  void toJson_hugeToStringAndByteArray_truncatedWithinLimit() {
    String fromToString = Payloads.toJson(new Opaque("z".repeat(5_000_000)), 500);
    String fromBytes = Payloads.toJson(new byte[10_000_000], 500);

    assertThat(fromToString).hasSizeLessThanOrEqualTo(500);
    assertThat(fromBytes).hasSizeLessThanOrEqualTo(500);
    assertThat(envelope(fromToString)).containsKey("minOriginalChars");
    assertThat((String) envelope(fromBytes).get("preview")).startsWith("\"AAAA");
  }

  @Test
  void toJson_hugeBigInteger_truncatedWithoutRenderingIt() {
    BigInteger huge = BigInteger.ONE.shiftLeft(20_000_000);

    String json = assertTimeout(Duration.ofMillis(500), () -> Payloads.toJson(huge, 1_000));

    assertThat(json).hasSizeLessThanOrEqualTo(1_000);
    assertThat(((Number) envelope(json).get("minOriginalChars")).longValue())
        .isGreaterThan(6_000_000L);
  }

  @Test
  void toJson_surrogatePairsAtTheCut_previewNeverSplitsAPair() {
    for (int limit = 64; limit < 80; limit++) {
      String json = Payloads.toJson("\uD83D\uDE00".repeat(1_000), limit);

      assertThat(json).hasSizeLessThanOrEqualTo(limit);
      String preview = (String) envelope(json).get("preview");
      assertThat(preview).doesNotContain("\uFFFD");
    }
  }

  @Test
  void toJson_smallestLimit_envelopeStillFitsAndParses() {
    String json = Payloads.toJson(Collections.nCopies(100_000, "word"), 10);

    assertThat(json).hasSizeLessThanOrEqualTo(Payloads.MIN_MAX_CHARS);
    assertThat(Payloads.isTruncated(json)).isTrue();
    assertThat(envelope(json)).containsKey("preview");
  }

  @Test
  void isTruncated_untruncatedOrNull_isFalse() {
    assertThat(Payloads.isTruncated(Payloads.toJson(Map.of("a", 1), LIMIT))).isFalse();
    assertThat(Payloads.isTruncated("\"{\\\"$truncated\\\":true,\"")).isFalse();
    assertThat(Payloads.isTruncated(null)).isFalse();
  }

  // ---- failures --------------------------------------------------------------------------

  @Test
  void toJson_mapThatThrowsWhileIterated_writesErrorPlaceholder() {
    Map<String, Object> broken =
        new AbstractMap<>() {
          @Override
          public Set<Entry<String, Object>> entrySet() {
            throw new ConcurrentModificationException("changed underneath");
          }
        };

    String json = Payloads.toJson(List.of("before", broken), LIMIT);

    assertThat(json)
        .isEqualTo("{\"$error\":\"java.util.ConcurrentModificationException: changed underneath\"}");
  }

  @Test
  void toJson_errorWithHugeMessage_placeholderWithinLimitAndParseable() {
    Iterable<Object> broken =
        () -> {
          throw new IllegalStateException("\"\n".repeat(100_000));
        };

    String json = Payloads.toJson(broken, 64);

    assertThat(json).hasSizeLessThanOrEqualTo(64).startsWith("{\"$error\":\"java.lang.Ill");
    assertThat(parse(json)).isInstanceOf(Map.class);
  }

  @Test
  void toJson_concurrentCallers_eachGetTheirOwnResult() {
    List<Map<String, Object>> values =
        IntStream.range(0, 2_000)
            .mapToObj(i -> Map.<String, Object>of("i", i, "tags", List.of("t" + i, new Point(i, i))))
            .collect(Collectors.toList());
    List<String> expected =
        values.stream().map(v -> Payloads.toJson(v, LIMIT)).collect(Collectors.toList());

    List<String> actual =
        values.parallelStream().map(v -> Payloads.toJson(v, LIMIT)).collect(Collectors.toList());

    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void toJson_afterAFailedTruncatedOrNestedCapture_nextCaptureOnTheThreadIsUnaffected() {
    Map<String, Object> value = Map.of("content", List.of("a", 1, true));
    String expected = "{\"content\":[\"a\",1,true]}";
    Iterable<Object> failsHalfway =
        () ->
            List.of(1, 2).stream()
                .map(
                    i -> {
                      if (i == 2) {
                        throw new IllegalStateException("halfway");
                      }
                      return i;
                    })
                .map(Object.class::cast)
                .iterator();
    Object capturesWhileCaptured =
        new Object() {
          @Override
          public String toString() {
            return Payloads.toJson(List.of("inner", Map.of("k", "v")), LIMIT);
          }
        };

    // Captures reuse their buffers: an aborted, a truncated and a nested capture must leave nothing behind.
    assertThat(Payloads.toJson(List.of(Map.of("deep", List.of(failsHalfway))), LIMIT)).startsWith("{\"$error\"");
    assertThat(Payloads.toJson(value, LIMIT)).isEqualTo(expected);
    assertThat(Payloads.isTruncated(Payloads.toJson(List.of("x".repeat(5_000)), 100))).isTrue();
    assertThat(Payloads.toJson(value, LIMIT)).isEqualTo(expected);
    assertThat(Payloads.toJson(List.of(capturesWhileCaptured, "after"), LIMIT))
        .isEqualTo("[{\"$type\":\"" + capturesWhileCaptured.getClass().getName()
            + "\",\"value\":\"[\\\"inner\\\",{\\\"k\\\":\\\"v\\\"}]\"},\"after\"]");
    assertThat(Payloads.toJson(value, LIMIT)).isEqualTo(expected);
  }

  // ---- helpers ---------------------------------------------------------------------------

  private static final JsonFactory JSON = new JsonFactory();

  /**
   * Parses {@code json} as exactly one JSON value from its strict UTF-8 encoding (so unpaired
   * surrogates fail), into maps, lists, strings, numbers, booleans and null.
   */
  private static Object parse(String json) {
    byte[] utf8;
    try {
      ByteBuffer encoded =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(json));
      utf8 = new byte[encoded.remaining()];
      encoded.get(utf8);
    } catch (CharacterCodingException e) {
      throw new AssertionError("not encodable as UTF-8: " + json, e);
    }
    try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), utf8)) {
      p.nextToken();
      Object value = read(p);
      assertThat(p.nextToken()).as("content after the value in %s", json).isNull();
      return value;
    }
  }

  private static Object read(JsonParser p) {
    JsonToken token = p.currentToken();
    switch (token) {
      case START_OBJECT:
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
          String name = p.currentName();
          p.nextToken();
          map.put(name, read(p));
        }
        return map;
      case START_ARRAY:
        List<Object> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          list.add(read(p));
        }
        return list;
      case VALUE_STRING:
        return p.getString();
      case VALUE_NUMBER_INT:
        return p.getNumberValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDecimalValue();
      case VALUE_TRUE:
        return true;
      case VALUE_FALSE:
        return false;
      case VALUE_NULL:
        return null;
      default:
        throw new AssertionError("unexpected token " + token);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> envelope(String json) {
    Map<String, Object> envelope = (Map<String, Object>) parse(json);
    assertThat(envelope.get("$truncated")).isEqualTo(true);
    assertThat(envelope).containsKey("preview");
    return envelope;
  }

  private static List<Object> nestedLists(int levels) {
    List<Object> root = new ArrayList<>();
    List<Object> current = root;
    for (int i = 1; i < levels; i++) {
      List<Object> next = new ArrayList<>();
      current.add(next);
      current = next;
    }
    return root;
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> void sneakyThrow(Throwable t) throws E {
    throw (E) t;
  }

  private enum Mood {
    HAPPY,
    GRUMPY {
      @Override
      public String toString() {
        return "grr";
      }
    }
  }

  private record Point(int x, int y) {}

  private record Labelled(String label, Point point, List<String> tags) {}

  private record Flaky(String ok, String broken) {
    @Override
    public String broken() {
      throw new IllegalStateException("boom");
    }
  }

  private static final class Opaque {
    private final String text;

    Opaque(String text) {
      this.text = text;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  private static final class ThrowingToString {
    @Override
    public String toString() {
      throw new IllegalStateException("nope");
    }
  }

  private static final class NullToString {
    @Override
    public String toString() {
      return null;
    }
  }

  private static final class SneakyToString {
    @Override
    public String toString() {
      PayloadsTest.<RuntimeException>sneakyThrow(new IOException("disk gone"));
      return "unreachable";
    }
  }

  private static final class RecursiveToString {
    @Override
    public String toString() {
      return "again " + this;
    }
  }

  private static final class OomToString {
    @Override
    public String toString() {
      throw new OutOfMemoryError("simulated");
    }
  }

  /** An Iterable that is not a Collection. */
  private static final class Countdown implements Iterable<Integer> {
    private final int from;

    Countdown(int from) {
      this.from = from;
    }

    @Override
    public Iterator<Integer> iterator() {
      return new Iterator<>() {
        private int next = from;

        @Override
        public boolean hasNext() {
          return next > 0;
        }

        @Override
        public Integer next() {
          if (next <= 0) {
            throw new NoSuchElementException();
          }
          return next--;
        }
      };
    }
  }

  private static final class MessageThrows extends RuntimeException {
    private static final long serialVersionUID = 1L;

    @Override
    public String getMessage() {
      throw new IllegalStateException("no message");
    }
  }
}
