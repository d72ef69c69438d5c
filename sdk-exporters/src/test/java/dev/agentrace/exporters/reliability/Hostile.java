package dev.agentrace.exporters.reliability;

import dev.agentrace.api.AttributeKey;
import dev.agentrace.api.SpanContext;
import dev.agentrace.api.SpanKind;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Hostile values for the fuzzing scenario: what a buggy or adversarial agent can hand the instrumentation
 * API. Everything is drawn from the {@link SplittableRandom} passed in, so a seed reproduces the same values.
 * Large and cyclic structures are built once and shared read-only: capture must never mutate them, and
 * building a 10,000-deep map per call would measure the generator rather than the SDK.
 */
final class Hostile {
  static final String HUGE = "h".repeat(1 << 20);
  static final String HUGE_SURROGATES = "\uD83D\uDE00".repeat(1 << 18) + "\uD800";
  static final String LONE_HIGH = "\uD800";
  static final String LONE_LOW = "\uDC00";
  static final String CONTROL = "\u0000\u0001\u0007\b\t\n\u000b\f\r\u001b\u007f\u0085\u2028\u2029";
  /** Secrets the risk stage redacts, so that redaction runs on hostile text too. */
  static final String[] SECRETS = {
      "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUvWx", "AKIAIOSFODNN7EXAMPLE", "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
      "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", "jane.doe@example.com", "4111 1111 1111 1111"};

  static final Map<String, Object> DEEP_MAP = deepMap(10_000);
  static final List<Object> DEEP_LIST = deepList(10_000);
  static final Map<String, Object> CYCLIC_MAP = cyclicMap();
  static final List<Object> CYCLIC_LIST = cyclicList();
  static final Object[] CYCLIC_ARRAY = cyclicArray();
  static final Holder CYCLIC_RECORD = cyclicRecord();
  static final Map<Object, Object> EVIL_KEYS = evilKeys();
  static final List<Object> MANY = Collections.nCopies(1_000_000, "item");
  static final byte[] BYTES = bytes();
  static final Map<String, Object> MANY_ATTRIBUTES = manyAttributes(100_000);
  static final BigInteger HUGE_INTEGER = BigInteger.TWO.pow(200_000);
  static final BigDecimal HUGE_DECIMAL = new BigDecimal(BigInteger.TEN.pow(50_000), -100_000);

  private Hostile() {}

  /** A record whose component leads back to it. */
  record Holder(String name, List<Object> items) {}

  /** A record whose accessor throws. */
  record Evil(String secret, int n) {
    @Override
    public String secret() {
      throw new IllegalStateException("accessor refused");
    }
  }

  enum Mood { CALM, FURIOUS }

  /** toString, hashCode and equals throw what it is told to; the checked kind is thrown undeclared. */
  static final class Throwing {
    private final Throwable toThrow;

    Throwing(Throwable toThrow) {
      this.toThrow = toThrow;
    }

    @Override
    public String toString() {
      throw Hostile.<RuntimeException>sneaky(toThrow);
    }

    @Override
    public int hashCode() {
      throw Hostile.<RuntimeException>sneaky(toThrow);
    }

    @Override
    public boolean equals(Object o) {
      throw Hostile.<RuntimeException>sneaky(toThrow);
    }
  }

  /** toString returns null, which String.valueOf passes on as is. */
  static final class NullString {
    @Override
    public String toString() {
      return null;
    }
  }

  /**
   * A map whose every read throws: isEmpty, size, entrySet and its iterator. What a lazily loaded or
   * proxied map does when its backing store is gone.
   */
  static final class BrokenMap extends AbstractMap<String, Object> {
    private final Throwable toThrow;
    private final int goodEntries;

    BrokenMap(Throwable toThrow, int goodEntries) {
      this.toThrow = toThrow;
      this.goodEntries = goodEntries;
    }

    @Override
    public boolean isEmpty() {
      if (goodEntries == 0) {
        throw Hostile.<RuntimeException>sneaky(toThrow);
      }
      return false;
    }

    @Override
    public int size() {
      throw Hostile.<RuntimeException>sneaky(toThrow);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return new java.util.AbstractSet<>() {
        @Override
        public Iterator<Entry<String, Object>> iterator() {
          return new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
              return true;
            }

            @Override
            public Entry<String, Object> next() {
              if (i++ < goodEntries) {
                return new SimpleEntry<>("k" + i, (Object) ("v" + i));
              }
              throw Hostile.<RuntimeException>sneaky(toThrow);
            }
          };
        }

        @Override
        public int size() {
          throw Hostile.<RuntimeException>sneaky(toThrow);
        }
      };
    }
  }

  /** A throwable whose every accessor throws, with a cause chain that loops back to itself. */
  static final class EvilThrowable extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Throwable toThrow;

    EvilThrowable(Throwable toThrow) {
      super("evil", null, false, true);
      this.toThrow = toThrow;
    }

    @Override
    public String getMessage() {
      throw Hostile.<RuntimeException>sneaky(toThrow);
    }

    @Override
    public String getLocalizedMessage() {
      throw Hostile.<RuntimeException>sneaky(toThrow);
    }

    @Override
    public String toString() {
      throw Hostile.<RuntimeException>sneaky(toThrow);
    }

    @Override
    public synchronized Throwable getCause() {
      return this;
    }

    @Override
    public StackTraceElement[] getStackTrace() {
      throw Hostile.<RuntimeException>sneaky(toThrow);
    }
  }

  @SuppressWarnings("unchecked")
  static <T extends Throwable> T sneaky(Throwable t) throws T {
    throw (T) t;
  }

  /** What a hostile callback throws: unchecked, an Error, or a checked exception nobody declared (Kotlin, Lombok). */
  static Throwable throwable(SplittableRandom r) {
    return switch (r.nextInt(6)) {
      case 0 -> new IllegalStateException("boom " + text(r));
      case 1 -> new AssertionError("assertion in user code");
      case 2 -> new IOException("checked, undeclared");
      case 3 -> new StackOverflowError();
      case 4 -> new NullPointerException();
      default -> new UnsupportedOperationException((String) null);
    };
  }

  /** A throwable to record with error(..): plain, huge, hostile, or with a cause cycle. */
  static Throwable errorToRecord(SplittableRandom r) {
    return switch (r.nextInt(7)) {
      case 0 -> null;
      case 1 -> new EvilThrowable(throwable(r));
      case 2 -> {
        RuntimeException a = new RuntimeException("a " + text(r));
        IllegalStateException b = new IllegalStateException(HUGE, a);
        a.initCause(b);
        yield b;
      }
      case 3 -> new Exception(text(r), new Error(text(r)));
      case 4 -> {
        Throwable t = new RuntimeException("deep");
        for (int i = 0; i < 100; i++) {
          t = new RuntimeException("level " + i, t);
        }
        yield t;
      }
      default -> throwable(r);
    };
  }

  /** A string: null, empty, blank, huge, lone surrogates, control characters, secrets, or ordinary. */
  static String text(SplittableRandom r) {
    return switch (r.nextInt(16)) {
      case 0 -> null;
      case 1 -> "";
      case 2 -> " \t\n";
      case 3 -> HUGE;
      case 4 -> HUGE_SURROGATES;
      case 5 -> LONE_HIGH;
      case 6 -> "x" + LONE_LOW + "y" + LONE_HIGH;
      case 7 -> CONTROL;
      case 8 -> "\u0000";
      case 9 -> SECRETS[r.nextInt(SECRETS.length)];
      case 10 -> "\uFEFF\u202Ereversed\u200B\uFFFF\uFFFE";
      case 11 -> "{\"looks\":\"like json\"}";
      case 12 -> "\"]}\\";
      case 13 -> randomChars(r, r.nextInt(64));
      default -> "step-" + r.nextInt(1000);
    };
  }

  /** A name for a span, type, model, event or score: usually ordinary so that the hostile cases stand out. */
  static String name(SplittableRandom r) {
    return r.nextInt(3) == 0 ? text(r) : "op-" + r.nextInt(50);
  }

  /** Any UTF-16 code units, including lone surrogates and U+0000. */
  static String randomChars(SplittableRandom r, int n) {
    char[] c = new char[n];
    for (int i = 0; i < n; i++) {
      c[i] = switch (r.nextInt(4)) {
        case 0 -> (char) r.nextInt(0x20);
        case 1 -> (char) (0xD800 + r.nextInt(0x800));
        case 2 -> (char) r.nextInt(0x10000);
        default -> (char) (0x20 + r.nextInt(0x5F));
      };
    }
    return new String(c);
  }

  /** A payload for input(..) or output(..). */
  static Object value(SplittableRandom r) {
    return switch (r.nextInt(36)) {
      case 0 -> null;
      case 1 -> Double.NaN;
      case 2 -> Double.POSITIVE_INFINITY;
      case 3 -> Float.NEGATIVE_INFINITY;
      case 4 -> -0.0;
      case 5 -> Long.MIN_VALUE;
      case 6 -> HUGE_INTEGER;
      case 7 -> HUGE_DECIMAL;
      case 8 -> DEEP_MAP;
      case 9 -> DEEP_LIST;
      case 10 -> CYCLIC_MAP;
      case 11 -> CYCLIC_LIST;
      case 12 -> CYCLIC_ARRAY;
      case 13 -> CYCLIC_RECORD;
      case 14 -> new Throwing(throwable(r));
      case 15 -> new Evil("s", 1);
      case 16 -> BYTES;
      case 17 -> Optional.of(text(r) == null ? "" : "opt");
      case 18 -> OptionalDouble.of(Double.NaN);
      case 19 -> Mood.FURIOUS;
      case 20 -> Instant.MAX;
      case 21 -> Duration.ofSeconds(Long.MIN_VALUE);
      case 22 -> UUID.nameUUIDFromBytes(new byte[] {1});
      case 23 -> URI.create("http://x/%F0");
      case 24 -> Path.of("/tmp", "a b");
      case 25 -> EVIL_KEYS;
      case 26 -> MANY;
      case 27 -> new char[] {'a', '\uD800', '\u0000'};
      case 28 -> new double[] {Double.NaN, Double.NEGATIVE_INFINITY, 1e308};
      case 29 -> errorToRecord(r);
      case 30 -> new BrokenMap(throwable(r), r.nextInt(3));
      case 31 -> new NullString();
      case 32 -> Map.of("prompt", String.valueOf(text(r)), "n", r.nextInt());
      case 33 -> Arrays.asList(null, text(r), Double.NaN, List.of());
      case 34 -> (Runnable) () -> { };
      default -> text(r);
    };
  }

  /** A value for a typed or untyped attribute, including types the API does not take (heap pollution). */
  static Object attributeValue(SplittableRandom r) {
    return switch (r.nextInt(14)) {
      case 0 -> null;
      case 1 -> Double.NaN;
      case 2 -> Double.NEGATIVE_INFINITY;
      case 3 -> Long.MAX_VALUE;
      case 4 -> true;
      case 5 -> new Throwing(throwable(r));
      case 6 -> CYCLIC_MAP;
      case 7 -> DEEP_LIST;
      case 8 -> 3.5f;
      case 9 -> (short) -1;
      case 10 -> List.of("a", "b");
      case 11 -> new NullString();
      default -> text(r);
    };
  }

  /** Event attributes: null, empty, hostile values, null keys, or a map that throws when read. */
  static Map<String, ?> eventAttributes(SplittableRandom r) {
    switch (r.nextInt(7)) {
      case 0:
        return null;
      case 1:
        return Map.of();
      case 2:
        return new BrokenMap(throwable(r), r.nextInt(3));
      case 3:
        return MANY_ATTRIBUTES;
      default:
        Map<String, Object> m = new HashMap<>();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
          m.put(text(r), attributeValue(r));
        }
        return m;
    }
  }

  /** A typed key with a hostile (but non-blank, as the key factory requires) name, or null. */
  @SuppressWarnings({"rawtypes"})
  static AttributeKey key(SplittableRandom r) {
    String name = switch (r.nextInt(5)) {
      case 0 -> null;
      case 1 -> HUGE;
      case 2 -> "k" + LONE_HIGH;
      case 3 -> "k" + CONTROL;
      default -> "key." + r.nextInt(20);
    };
    if (name == null) {
      return null;
    }
    return switch (r.nextInt(4)) {
      case 0 -> AttributeKey.stringKey(name);
      case 1 -> AttributeKey.longKey(name);
      case 2 -> AttributeKey.doubleKey(name);
      default -> AttributeKey.booleanKey(name);
    };
  }

  static SpanKind kind(SplittableRandom r) {
    SpanKind[] kinds = SpanKind.values();
    int i = r.nextInt(kinds.length + 1);
    return i == kinds.length ? null : kinds[i];
  }

  static long tokens(SplittableRandom r) {
    return switch (r.nextInt(5)) {
      case 0 -> -1;
      case 1 -> Long.MAX_VALUE;
      case 2 -> Long.MIN_VALUE;
      default -> r.nextInt(10_000);
    };
  }

  static double number(SplittableRandom r) {
    return switch (r.nextInt(8)) {
      case 0 -> Double.NaN;
      case 1 -> Double.POSITIVE_INFINITY;
      case 2 -> Double.NEGATIVE_INFINITY;
      case 3 -> -1.0;
      case 4 -> Double.MAX_VALUE;
      case 5 -> Double.MIN_VALUE;
      case 6 -> -0.0;
      default -> r.nextDouble();
    };
  }

  /** A traceparent header value: valid, or broken in one of the ways a hostile peer breaks it. */
  static String traceparent(SplittableRandom r) {
    String trace = hex(r, 32);
    String span = hex(r, 16);
    String flags = r.nextBoolean() ? "01" : "00";
    return switch (r.nextInt(14)) {
      case 0 -> null;
      case 1 -> "";
      case 2 -> "00-" + trace.toUpperCase() + "-" + span + "-" + flags;
      case 3 -> "00-00000000000000000000000000000000-" + span + "-01";
      case 4 -> "00-" + trace + "-0000000000000000-01";
      case 5 -> "ff-" + trace + "-" + span + "-01";
      case 6 -> "01-" + trace + "-" + span + "-01-future-extension";
      case 7 -> "00-" + trace + "-" + span + "-01" + LONE_HIGH;
      case 8 -> "00-" + trace + "\u0000" + span + "-01";
      case 9 -> HUGE;
      case 10 -> randomChars(r, 55);
      default -> "00-" + trace + "-" + span + "-" + flags;
    };
  }

  /** Request headers carrying a context: hostile names, values and shapes. */
  static Map<String, String> headers(SplittableRandom r) {
    Map<String, String> h = switch (r.nextInt(3)) {
      case 0 -> new HashMap<>();
      case 1 -> new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      default -> new LinkedHashMap<>();
    };
    if (!(h instanceof TreeMap) && r.nextInt(4) == 0) {
      h.put(null, text(r));
    }
    h.put(r.nextBoolean() ? "traceparent" : "TraceParent", traceparent(r));
    if (r.nextInt(4) == 0 && !(h instanceof TreeMap)) {
      h.put("TRACEPARENT", traceparent(r));
    }
    if (r.nextBoolean()) {
      h.put("tracestate", r.nextBoolean() ? "vendor=" + text(r) : text(r));
    }
    return h;
  }

  /** A context made from hostile parts: the factory must turn anything malformed into the invalid context. */
  static SpanContext remoteContext(SplittableRandom r) {
    return switch (r.nextInt(4)) {
      case 0 -> SpanContext.createRemote(hex(r, 32), hex(r, 16), (byte) r.nextInt(), text(r));
      case 1 -> SpanContext.createRemote(text(r), text(r), (byte) 1, null);
      case 2 -> SpanContext.of(r.nextInt(2), r.nextInt(2), r.nextInt(2), r.nextBoolean());
      default -> SpanContext.invalid();
    };
  }

  static Duration duration(SplittableRandom r) {
    return switch (r.nextInt(5)) {
      case 0 -> null;
      case 1 -> Duration.ZERO;
      case 2 -> Duration.ofNanos(-1);
      case 3 -> Duration.ofSeconds(Long.MAX_VALUE);
      default -> Duration.ofMillis(1);
    };
  }

  private static String hex(SplittableRandom r, int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(Character.forDigit(r.nextInt(16), 16));
    }
    return b.toString();
  }

  private static Map<String, Object> deepMap(int depth) {
    Map<String, Object> root = new LinkedHashMap<>();
    Map<String, Object> m = root;
    for (int i = 0; i < depth; i++) {
      Map<String, Object> next = new LinkedHashMap<>();
      m.put("level", next);
      m = next;
    }
    return root;
  }

  private static List<Object> deepList(int depth) {
    List<Object> root = new ArrayList<>();
    List<Object> l = root;
    for (int i = 0; i < depth; i++) {
      List<Object> next = new ArrayList<>();
      l.add(next);
      l = next;
    }
    return root;
  }

  private static Map<String, Object> cyclicMap() {
    Map<String, Object> a = new LinkedHashMap<>();
    Map<String, Object> b = new LinkedHashMap<>();
    a.put("b", b);
    a.put("self", a);
    b.put("a", a);
    return a;
  }

  private static List<Object> cyclicList() {
    List<Object> a = new ArrayList<>();
    List<Object> b = new ArrayList<>();
    a.add(b);
    b.add(a);
    b.add(CYCLIC_MAP);
    return a;
  }

  private static Object[] cyclicArray() {
    Object[] a = new Object[2];
    a[0] = a;
    a[1] = List.of((Object) a);
    return a;
  }

  private static Holder cyclicRecord() {
    List<Object> items = new ArrayList<>();
    Holder h = new Holder("loop", items);
    items.add(h);
    return h;
  }

  /** Identity-keyed, so that a key whose hashCode throws can be put in at all. */
  private static Map<Object, Object> evilKeys() {
    Map<Object, Object> m = new IdentityHashMap<>();
    m.put(null, "null key");
    m.put(new Throwing(new IllegalStateException("key")), "throwing key");
    m.put(new NullString(), "null toString");
    m.put(List.of(LONE_HIGH), CONTROL);
    return m;
  }

  private static Map<String, Object> manyAttributes(int n) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      m.put("attribute." + i, "value " + i);
    }
    return m;
  }

  private static byte[] bytes() {
    byte[] b = new byte[1 << 16];
    new SplittableRandom(1).nextBytes(b);
    return b;
  }
}
