package dev.agentrace.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class W3CPropagatorTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";
  private static final String VALID = "00-" + TRACE_ID + "-" + SPAN_ID + "-01";
  private static final String TRACE_STATE = "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE";

  private final W3CPropagator w3c = Propagation.w3c();

  @Test
  void w3c_calledTwice_returnsSameInstance() {
    assertThat(Propagation.w3c()).isSameAs(w3c).isNotNull();
  }

  // ---- extract: valid input

  @Test
  void extract_validTraceparent_returnsRemoteSampledContext() {
    SpanContext ctx = w3c.extract(Map.of("traceparent", VALID));

    assertThat(ctx.isValid()).isTrue();
    assertThat(ctx.isRemote()).isTrue();
    assertThat(ctx.traceId()).isEqualTo(TRACE_ID);
    assertThat(ctx.spanId()).isEqualTo(SPAN_ID);
    assertThat(ctx.flags()).isEqualTo((byte) 0x01);
    assertThat(ctx.isSampled()).isTrue();
    assertThat(ctx.traceState()).isEmpty();
  }

  @Test
  void extract_flagsZero_returnsUnsampledContext() {
    SpanContext ctx = w3c.extract(Map.of("traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-00"));

    assertThat(ctx.isValid()).isTrue();
    assertThat(ctx.isSampled()).isFalse();
    assertThat(ctx.flags()).isZero();
  }

  @Test
  void extract_flagsWithUnknownBits_keepsWholeFlagsByte() {
    SpanContext ctx = w3c.extract(Map.of("traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-f3"));

    assertThat(ctx.flags()).isEqualTo((byte) 0xf3);
    assertThat(ctx.isSampled()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "01-" + TRACE_ID + "-" + SPAN_ID + "-01",
      "cc-" + TRACE_ID + "-" + SPAN_ID + "-01",
      "01-" + TRACE_ID + "-" + SPAN_ID + "-01-",
      "01-" + TRACE_ID + "-" + SPAN_ID + "-01-what-the-future-will-be-like",
      "fe-" + TRACE_ID + "-" + SPAN_ID + "-01-x"})
  void extract_higherVersion_readsItAsVersion00(String traceparent) {
    SpanContext ctx = w3c.extract(Map.of("traceparent", traceparent));

    assertThat(ctx.isValid()).isTrue();
    assertThat(ctx.traceId()).isEqualTo(TRACE_ID);
    assertThat(ctx.spanId()).isEqualTo(SPAN_ID);
    assertThat(ctx.isSampled()).isTrue();
  }

  // ---- extract: every invalid case of the specification

  static Stream<Arguments> invalidTraceparents() {
    String tail = "-" + TRACE_ID + "-" + SPAN_ID + "-01";
    return Stream.of(
        Arguments.of("empty", ""),
        Arguments.of("garbage", "garbage"),
        Arguments.of("only dashes", "-".repeat(55)),
        Arguments.of("version ff", "ff" + tail),
        Arguments.of("version ff with future suffix", "ff" + tail + "-00"),
        Arguments.of("version uppercase hex", "0A" + tail),
        Arguments.of("version not hex", "0g" + tail),
        Arguments.of("version one digit", "0" + tail + "0"),
        Arguments.of("version 00 one char too long", VALID + "0"),
        Arguments.of("version 00 with a future suffix", VALID + "-00"),
        Arguments.of("one char too short", VALID.substring(0, 54)),
        Arguments.of("future version too short", "01" + tail.substring(0, tail.length() - 1)),
        Arguments.of("future version, suffix without dash", "01" + tail + "x"),
        Arguments.of("future version, longer flags", "01" + tail + "1"),
        Arguments.of("uppercase trace id", "00-" + TRACE_ID.toUpperCase() + "-" + SPAN_ID + "-01"),
        Arguments.of("one uppercase trace id char", "00-4Bf92f3577b34da6a3ce929d0e0e4736-" + SPAN_ID + "-01"),
        Arguments.of("uppercase span id", "00-" + TRACE_ID + "-00F067AA0BA902B7-01"),
        Arguments.of("uppercase flags", "00-" + TRACE_ID + "-" + SPAN_ID + "-0A"),
        Arguments.of("non-hex trace id", "00-" + TRACE_ID.replace('4', 'g') + "-" + SPAN_ID + "-01"),
        Arguments.of("non-hex span id", "00-" + TRACE_ID + "-" + SPAN_ID.replace('a', 'z') + "-01"),
        Arguments.of("non-hex flags", "00-" + TRACE_ID + "-" + SPAN_ID + "-0x"),
        Arguments.of("all-zero trace id", "00-" + "0".repeat(32) + "-" + SPAN_ID + "-01"),
        Arguments.of("all-zero span id", "00-" + TRACE_ID + "-" + "0".repeat(16) + "-01"),
        Arguments.of("trace id one char short", "00-" + TRACE_ID.substring(1) + "-" + SPAN_ID + "-011"),
        Arguments.of("span id one char long", "00-" + TRACE_ID + "-" + SPAN_ID + "0-1"),
        Arguments.of("wrong separator after version", "00_" + TRACE_ID + "-" + SPAN_ID + "-01"),
        Arguments.of("wrong separator after trace id", "00-" + TRACE_ID + "_" + SPAN_ID + "-01"),
        Arguments.of("wrong separator after span id", "00-" + TRACE_ID + "-" + SPAN_ID + "_01"),
        Arguments.of("leading space", " " + VALID),
        Arguments.of("trailing space", VALID + " "));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidTraceparents")
  void extract_invalidTraceparent_returnsInvalidContext(String description, String traceparent) {
    SpanContext ctx = w3c.extract(Map.of("traceparent", traceparent, "tracestate", TRACE_STATE));

    assertThat(ctx).isSameAs(SpanContext.invalid());
    assertThat(ctx.isValid()).isFalse();
    assertThat(ctx.traceState()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidTraceparents")
  void extractWithGetter_invalidTraceparent_returnsInvalidWithoutReadingTracestate(
      String description, String traceparent) {
    List<String> asked = new ArrayList<>();
    W3CPropagator.Getter<Map<String, String>> getter = (carrier, key) -> {
      asked.add(key);
      return carrier.get(key);
    };

    SpanContext ctx = w3c.extract(Map.of("traceparent", traceparent, "tracestate", TRACE_STATE), getter);

    assertThat(ctx).isSameAs(SpanContext.invalid());
    assertThat(asked).containsExactly("traceparent");
  }

  @Test
  void extract_missingTraceparent_returnsInvalidAndDropsTracestate() {
    SpanContext ctx = w3c.extract(Map.of("tracestate", TRACE_STATE, "content-type", "text/plain"));

    assertThat(ctx).isSameAs(SpanContext.invalid());
    assertThat(ctx.traceState()).isEmpty();
  }

  @Test
  void extract_emptyMap_returnsInvalid() {
    assertThat(w3c.extract(Map.of())).isSameAs(SpanContext.invalid());
  }

  // ---- extract: header names

  @ParameterizedTest
  @ValueSource(strings = {"traceparent", "Traceparent", "TraceParent", "TRACEPARENT"})
  void extract_anyLetterCaseOfHeaderName_findsHeader(String name) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put(name, VALID);
    headers.put(name.replace("parent", "state").replace("PARENT", "STATE").replace("Parent", "State"), TRACE_STATE);

    SpanContext ctx = w3c.extract(headers);

    assertThat(ctx.isValid()).isTrue();
    assertThat(ctx.spanId()).isEqualTo(SPAN_ID);
    assertThat(ctx.traceState()).isEqualTo(TRACE_STATE);
  }

  @Test
  void extract_caseInsensitiveTreeMap_findsHeader() {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.put("TraceParent", VALID);

    assertThat(w3c.extract(headers).isValid()).isTrue();
  }

  @Test
  void extract_twoSpellingsWithDifferentTraceparents_returnsInvalid() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("traceparent", VALID);
    headers.put("Traceparent", "00-" + TRACE_ID + "-" + "1".repeat(16) + "-01");

    assertThat(w3c.extract(headers)).isSameAs(SpanContext.invalid());
  }

  @Test
  void extract_twoSpellingsWithSameTraceparent_returnsContext() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("traceparent", VALID);
    headers.put("Traceparent", VALID);

    assertThat(w3c.extract(headers).spanId()).isEqualTo(SPAN_ID);
  }

  @Test
  void extract_twoSpellingsWithDifferentTracestates_keepsContextAndDropsTracestate() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("traceparent", VALID);
    headers.put("tracestate", "a=1");
    headers.put("TraceState", "b=2");

    SpanContext ctx = w3c.extract(headers);

    assertThat(ctx.isValid()).isTrue();
    assertThat(ctx.traceState()).isEmpty();
  }

  // ---- extract: tracestate

  @Test
  void extract_validTracestate_keepsIt() {
    SpanContext ctx = w3c.extract(Map.of("traceparent", VALID, "tracestate", TRACE_STATE));

    assertThat(ctx.traceState()).isEqualTo(TRACE_STATE);
  }

  @Test
  void extract_tracestateWithSurroundingWhitespace_keepsItTrimmed() {
    SpanContext ctx = w3c.extract(Map.of("traceparent", VALID, "tracestate", " \t" + TRACE_STATE + "  "));

    assertThat(ctx.traceState()).isEqualTo(TRACE_STATE);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "a=1,,b=2",
      "a=1 , \tb=2",
      "a=1,",
      ",a=1",
      "vendor@tenant=x",
      "k=value with spaces",
      "k=a=b"})
  void extract_tracestateWithAllowedShapes_keepsIt(String traceState) {
    SpanContext ctx = w3c.extract(Map.of("traceparent", VALID, "tracestate", traceState));

    assertThat(ctx.traceState()).isEqualTo(traceState);
  }

  @Test
  void extract_tracestateWith32Members_keepsIt() {
    String traceState = members(32);

    assertThat(w3c.extract(Map.of("traceparent", VALID, "tracestate", traceState)).traceState())
        .isEqualTo(traceState);
  }

  @Test
  void extract_tracestateWith33Members_dropsIt() {
    SpanContext ctx = w3c.extract(Map.of("traceparent", VALID, "tracestate", members(33)));

    assertThat(ctx.isValid()).isTrue();
    assertThat(ctx.traceState()).isEmpty();
  }

  @Test
  void extract_emptyMembersBeyond32_doNotCount() {
    String traceState = members(32) + ",,,";

    assertThat(w3c.extract(Map.of("traceparent", VALID, "tracestate", traceState)).traceState())
        .isEqualTo(traceState);
  }

  @Test
  void extract_tracestateOf512Chars_keepsIt() {
    String traceState = "k=" + "v".repeat(510);

    assertThat(w3c.extract(Map.of("traceparent", VALID, "tracestate", traceState)).traceState())
        .hasSize(512)
        .isEqualTo(traceState);
  }

  @Test
  void extract_tracestateOf513Chars_dropsIt() {
    SpanContext ctx = w3c.extract(Map.of("traceparent", VALID, "tracestate", "k=" + "v".repeat(511)));

    assertThat(ctx.isValid()).isTrue();
    assertThat(ctx.traceState()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "novalue",
      "=v",
      "k=",
      "a=1,novalue",
      "k ey=v",
      "k=v\u00e9",
      "k=v\r\nx-injected: 1",
      "k=\u0000v",
      " \t ",
      ",,,"})
  void extract_malformedTracestate_keepsContextAndDropsTracestate(String traceState) {
    SpanContext ctx = w3c.extract(Map.of("traceparent", VALID, "tracestate", traceState));

    assertThat(ctx.isValid()).isTrue();
    assertThat(ctx.traceState()).isEmpty();
  }

  // ---- inject

  @Test
  void inject_sampledContext_writesTraceparent() {
    SpanContext ctx = SpanContext.of(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L, 0x00f067aa0ba902b7L, true);
    Map<String, String> headers = new HashMap<>();

    w3c.inject(ctx, headers);

    assertThat(headers).containsExactly(Map.entry("traceparent", VALID));
  }

  @Test
  void inject_unsampledContext_writesFlags00() {
    SpanContext ctx = SpanContext.of(1, 2, 3, false);
    Map<String, String> headers = new HashMap<>();

    w3c.inject(ctx, headers);

    assertThat(headers.get("traceparent"))
        .isEqualTo("00-00000000000000010000000000000002-0000000000000003-00");
  }

  @Test
  void inject_contextWithAllFlagBits_writesEachHexDigit() {
    SpanContext ctx = SpanContext.createRemote(TRACE_ID, SPAN_ID, (byte) 0xaf, null);
    Map<String, String> headers = new HashMap<>();

    w3c.inject(ctx, headers);

    assertThat(headers.get("traceparent")).endsWith("-af");
  }

  @Test
  void inject_contextFromHigherVersion_writesVersion00() {
    SpanContext ctx = w3c.extract(Map.of("traceparent", "01-" + TRACE_ID + "-" + SPAN_ID + "-01-future"));
    Map<String, String> headers = new HashMap<>();

    w3c.inject(ctx, headers);

    assertThat(headers.get("traceparent")).isEqualTo(VALID);
  }

  @Test
  void inject_contextWithTracestate_writesTracestate() {
    SpanContext ctx = SpanContext.createRemote(TRACE_ID, SPAN_ID, (byte) 1, TRACE_STATE);
    Map<String, String> headers = new HashMap<>();

    w3c.inject(ctx, headers);

    assertThat(headers).containsOnly(Map.entry("traceparent", VALID), Map.entry("tracestate", TRACE_STATE));
  }

  @Test
  void inject_contextWithoutTracestate_writesNoTracestate() {
    Map<String, String> headers = new HashMap<>();

    w3c.inject(SpanContext.of(1, 2, 3, true), headers);

    assertThat(headers).containsOnlyKeys("traceparent");
  }

  @Test
  void inject_contextWithMalformedTracestate_writesTraceparentOnly() {
    SpanContext ctx = SpanContext.createRemote(TRACE_ID, SPAN_ID, (byte) 1, "a=1\r\nx-injected: 1");
    Map<String, String> headers = new HashMap<>();

    w3c.inject(ctx, headers);

    assertThat(headers).containsOnly(Map.entry("traceparent", VALID));
  }

  @Test
  void inject_mapWithPreviousHopHeadersInOtherCase_replacesThem() {
    Map<String, String> headers = new HashMap<>();
    headers.put("Traceparent", "00-" + "1".repeat(32) + "-" + "1".repeat(16) + "-00");
    headers.put("TRACESTATE", "old=1");
    headers.put("Accept", "*/*");

    w3c.inject(SpanContext.createRemote(TRACE_ID, SPAN_ID, (byte) 1, TRACE_STATE), headers);

    assertThat(headers).containsOnly(
        Map.entry("traceparent", VALID), Map.entry("tracestate", TRACE_STATE), Map.entry("Accept", "*/*"));
  }

  @Test
  void inject_mapWithStaleTracestateAndContextWithout_removesIt() {
    Map<String, String> headers = new HashMap<>();
    headers.put("tracestate", "old=1");
    headers.put("TraceState", "older=1");

    w3c.inject(SpanContext.createRemote(TRACE_ID, SPAN_ID, (byte) 1, null), headers);

    assertThat(headers).containsOnly(Map.entry("traceparent", VALID));
  }

  @Test
  void inject_caseInsensitiveTreeMapWithOldHeader_overwritesValue() {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.put("TraceParent", "00-" + "1".repeat(32) + "-" + "1".repeat(16) + "-00");

    w3c.inject(SpanContext.createRemote(TRACE_ID, SPAN_ID, (byte) 1, null), headers);

    assertThat(headers).hasSize(1);
    assertThat(headers.get("traceparent")).isEqualTo(VALID);
  }

  @Test
  void inject_invalidContext_writesNothing() {
    Map<String, String> headers = new HashMap<>();
    headers.put("traceparent", VALID);

    w3c.inject(SpanContext.invalid(), headers);
    w3c.inject(SpanContext.of(0, 0, 5, true), headers);
    w3c.inject(SpanContext.of(1, 1, 0, true), headers);

    assertThat(headers).containsOnly(Map.entry("traceparent", VALID));
  }

  @Test
  void inject_nullArguments_writeNothingAndDoNotThrow() {
    Map<String, String> headers = new HashMap<>();
    List<String> written = new ArrayList<>();
    W3CPropagator.Setter<List<String>> setter = (carrier, key, value) -> carrier.add(key);
    SpanContext ctx = SpanContext.of(1, 2, 3, true);

    assertThatCode(() -> {
      w3c.inject(null, headers);
      w3c.inject(ctx, null);
      w3c.inject(null, written, setter);
      w3c.inject(ctx, null, setter);
      w3c.inject(ctx, written, null);
    }).doesNotThrowAnyException();
    assertThat(headers).isEmpty();
    assertThat(written).isEmpty();
  }

  @Test
  void inject_immutableMap_doesNotThrow() {
    SpanContext ctx = SpanContext.of(1, 2, 3, true);

    assertThatCode(() -> w3c.inject(ctx, Map.of())).doesNotThrowAnyException();
    assertThatCode(() -> w3c.inject(ctx, Collections.unmodifiableMap(new HashMap<>())))
        .doesNotThrowAnyException();
  }

  // ---- generic carrier

  @Test
  void injectWithSetter_validContext_setsBothHeadersOnce() {
    List<String> written = new ArrayList<>();
    SpanContext ctx = SpanContext.createRemote(TRACE_ID, SPAN_ID, (byte) 1, TRACE_STATE);

    w3c.inject(ctx, written, (carrier, key, value) -> carrier.add(key + ": " + value));

    assertThat(written).containsExactly("traceparent: " + VALID, "tracestate: " + TRACE_STATE);
  }

  @Test
  void injectWithSetter_setterThrows_doesNotThrow() {
    SpanContext ctx = SpanContext.of(1, 2, 3, true);
    W3CPropagator.Setter<Object> failing = (carrier, key, value) -> {
      throw new IllegalStateException("request already sent");
    };

    assertThatCode(() -> w3c.inject(ctx, new Object(), failing)).doesNotThrowAnyException();
  }

  @Test
  void extractWithGetter_validHeaders_returnsContextWithTracestate() {
    List<String[]> carrier = List.of(
        new String[] {"traceparent", VALID}, new String[] {"tracestate", TRACE_STATE});
    W3CPropagator.Getter<List<String[]>> getter = (c, key) -> c.stream()
        .filter(h -> h[0].equals(key))
        .map(h -> h[1])
        .findFirst()
        .orElse(null);

    SpanContext ctx = w3c.extract(carrier, getter);

    assertThat(ctx).isEqualTo(SpanContext.createRemote(TRACE_ID, SPAN_ID, (byte) 1, TRACE_STATE));
  }

  @Test
  void extractWithGetter_getterReturnsNull_returnsInvalid() {
    assertThat(w3c.extract(new Object(), (c, key) -> null)).isSameAs(SpanContext.invalid());
  }

  @Test
  void extractWithGetter_getterThrows_returnsInvalid() {
    W3CPropagator.Getter<Object> failing = (c, key) -> {
      throw new UnsupportedOperationException("no headers");
    };

    assertThat(w3c.extract(new Object(), failing)).isSameAs(SpanContext.invalid());
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
    throw (T) t;
  }

  /**
   * Carriers are user code: an Error or a checked exception it never declared (Kotlin) is contained like a
   * RuntimeException. Found by the hostile-input fuzzer (HostileInputReliabilityTest, seed 1).
   */
  @ParameterizedTest
  @MethodSource("carrierFailures")
  void carriers_throwingErrorOrUndeclaredCheckedException_areContained(Throwable failure) {
    SpanContext ctx = SpanContext.of(1, 2, 3, true);
    Map<String, String> broken = new AbstractMap<>() {
      @Override
      public Set<Entry<String, String>> entrySet() {
        throw sneaky(failure);
      }

      @Override
      public String put(String key, String value) {
        throw sneaky(failure);
      }
    };

    assertThatCode(() -> w3c.inject(ctx, new Object(), (c, k, v) -> {
      throw sneaky(failure);
    })).doesNotThrowAnyException();
    assertThatCode(() -> w3c.inject(ctx, broken)).doesNotThrowAnyException();
    assertThat(w3c.extract(new Object(), (c, k) -> {
      throw sneaky(failure);
    })).isSameAs(SpanContext.invalid());
    assertThat(w3c.extract(broken)).isSameAs(SpanContext.invalid());
  }

  static Stream<Throwable> carrierFailures() {
    return Stream.of(new AssertionError("carrier bug"), new java.io.IOException("undeclared"), new StackOverflowError());
  }

  @Test
  void extractWithGetter_nullArguments_returnInvalid() {
    assertThat(w3c.extract(null, (c, key) -> VALID)).isSameAs(SpanContext.invalid());
    assertThat(w3c.extract(new Object(), null)).isSameAs(SpanContext.invalid());
  }

  // ---- round trip

  @Test
  void injectThenExtract_localContext_keepsIdsAndFlags() {
    SpanContext sent = SpanContext.of(0x8000000000000001L, -1L, Long.MIN_VALUE, true);
    Map<String, String> headers = new HashMap<>();

    w3c.inject(sent, headers);
    SpanContext received = w3c.extract(headers);

    assertThat(received.traceIdHigh()).isEqualTo(sent.traceIdHigh());
    assertThat(received.traceIdLow()).isEqualTo(sent.traceIdLow());
    assertThat(received.spanIdLong()).isEqualTo(sent.spanIdLong());
    assertThat(received.flags()).isEqualTo(sent.flags());
    assertThat(received.isRemote()).isTrue();
  }

  @Test
  void injectThenExtract_remoteContextWithTracestate_returnsEqualContext() {
    SpanContext sent = SpanContext.createRemote(TRACE_ID, SPAN_ID, (byte) 0, TRACE_STATE);
    Map<String, String> headers = new HashMap<>();

    w3c.inject(sent, headers);

    assertThat(w3c.extract(headers)).isEqualTo(sent);
  }

  @Test
  void extractThenInject_validHeader_reproducesIt() {
    Map<String, String> out = new HashMap<>();

    w3c.inject(w3c.extract(Map.of("traceparent", VALID)), out);

    assertThat(out.get("traceparent")).isEqualTo(VALID);
  }

  // ---- robustness

  @Test
  void extract_nullMapOrNullEntries_returnsInvalid() {
    Map<String, String> headers = new HashMap<>();
    headers.put(null, VALID);
    headers.put("traceparent", null);

    assertThat(w3c.extract((Map<String, String>) null)).isSameAs(SpanContext.invalid());
    assertThat(w3c.extract(headers)).isSameAs(SpanContext.invalid());
  }

  @Test
  void extract_mapThatFailsToIterate_returnsInvalid() {
    Map<String, String> broken = new AbstractMap<>() {
      @Override
      public Set<Entry<String, String>> entrySet() {
        throw new ConcurrentModificationException();
      }
    };

    assertThat(w3c.extract(broken)).isSameAs(SpanContext.invalid());
  }

  @Test
  void extract_randomGarbage_neverThrowsAndOnlyAcceptsWellFormedHeaders() {
    Random random = new Random(42);
    String alphabet = "0123456789abcdefABCDEF-_ fx\t\u00e9";
    for (int i = 0; i < 20_000; i++) {
      String traceparent = i % 2 == 0 ? mutate(VALID, random, alphabet) : randomString(random, alphabet);
      String traceState = randomString(random, alphabet + ",=");

      SpanContext ctx = w3c.extract(Map.of("traceparent", traceparent, "tracestate", traceState));

      if (ctx.isValid()) {
        // Anything accepted must be exactly what the spec allows, so it re-injects to the same fields.
        Map<String, String> out = new HashMap<>();
        w3c.inject(ctx, out);
        assertThat(out.get("traceparent").substring(3)).isEqualTo(traceparent.substring(3, 55));
        assertThat(traceparent).matches("(?!ff)[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}(-.*)?");
      } else {
        assertThat(ctx).isSameAs(SpanContext.invalid());
      }
    }
  }

  private static String mutate(String s, Random random, String alphabet) {
    char[] chars = s.toCharArray();
    chars[random.nextInt(chars.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
    String mutated = new String(chars);
    return random.nextBoolean() ? mutated : mutated.substring(0, random.nextInt(mutated.length() + 1));
  }

  private static String randomString(Random random, String alphabet) {
    int length = random.nextInt(70);
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private static String members(int count) {
    return IntStream.range(0, count).mapToObj(i -> "k" + i + "=v").collect(Collectors.joining(","));
  }
}
