package dev.agentrace.core.internal;

import dev.agentrace.api.internal.Fatal;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAmount;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Captures span payloads ({@code input(..)} / {@code output(..)}) as bounded JSON text. Internal: not
 * API, may change without notice.
 *
 * <p>Capture runs on the caller's thread when the value is handed over, so later changes to the
 * value are not seen. Work is bounded by the size limit, not by the size of the value: a 100 MB list
 * is not walked to the end.
 *
 * <h2>Mapping</h2>
 *
 * <ul>
 *   <li>{@code null} → {@code null}; {@link String}, other {@link CharSequence}s and {@link
 *       Character} → string; {@link Boolean} → boolean.
 *   <li>{@link Integer}, {@link Long}, {@link Short}, {@link Byte}, {@link BigInteger}, {@link
 *       BigDecimal}, {@link AtomicInteger}, {@link AtomicLong} → number; {@link Float} and {@link
 *       Double} → number when finite, else the string {@code "NaN"}, {@code "Infinity"} or {@code
 *       "-Infinity"}.
 *   <li>{@link Map} → object (keys via {@link String#valueOf(Object)}; a key whose {@code toString()}
 *       throws becomes a placeholder key); {@link Iterable} and arrays of objects or primitives →
 *       array, except {@code byte[]} → base64 string (RFC 4648, padded, no line breaks); {@code
 *       Optional*} → its value or {@code null}; enum → {@link Enum#name()}.
 *   <li>Records → object of their components in declaration order; a component whose accessor
 *       throws or cannot be called becomes the string {@code "[name() threw Type: message]"} or
 *       {@code "[name() failed: ...]"}.
 *   <li>{@code java.time} values ({@link TemporalAccessor}, {@link TemporalAmount}, {@link ZoneId}),
 *       {@link UUID}, {@link URI}, {@link URL}, {@link Path} and {@link File} → string via {@code
 *       toString()} (ISO-8601 for {@code java.time}).
 *   <li>{@link Throwable} → {@code {"type":"<class name>","message":<message or null>}}.
 *   <li>Anything else → {@code {"$type":"<class name>","value":"<toString()>"}}, or {@code
 *       {"$type":"<class name>","error":"toString() threw Type: message"}} when {@code toString()}
 *       throws.
 * </ul>
 *
 * <p>Strings are emitted as valid JSON whatever they contain, escaped by the rule of {@link JsonText}:
 * control characters are escaped and unpaired surrogates are replaced with U+FFFD, so the text also
 * encodes to UTF-8 cleanly.
 *
 * <p>Containers (maps, iterables, arrays, records) are tracked by identity along the current path:
 * one that contains itself, directly or not, is written as the string {@code "[cycle]"} where it
 * recurs (the same object reached twice without a cycle is written twice). A container nested inside
 * 32 others is written as the string {@code "[max depth]"}, so output nests at most 32 levels.
 *
 * <h2>Size limit</h2>
 *
 * <p>The result of {@link #toJson} is never longer than {@code maxChars} (values below 64 are
 * treated as 64). When the JSON of a value would be longer,
 * the result is instead
 *
 * <pre>{@code {"$truncated":true,"originalChars":N,"preview":"<start of the JSON text>"}}</pre>
 *
 * where N is the exact length of the full JSON text, established when it is at most twice {@code
 * maxChars}; beyond that capture stops early and the key is {@code "minOriginalChars"}, N being a
 * lower bound. The preview is the JSON text's longest prefix that, itself escaped as a JSON string,
 * keeps the whole result within {@code maxChars}; it never splits a surrogate pair. {@link
 * #isTruncated} recognises this form by its first member, {@code "$truncated":true}; a value that
 * genuinely is a map whose first entry is {@code "$truncated" -> true} reads as truncated too.
 *
 * <h2>Failures</h2>
 *
 * <p>No method throws. A failure of the value's own code ({@code toString()}, a record accessor,
 * {@code getMessage()}) is contained to that part of the value as described above. Any other failure
 * while capturing (an iterator that throws, a map modified concurrently, a stack overflow) yields
 * {@code {"$error":"Type: message"}}, within {@code maxChars}. The exception is {@link
 * VirtualMachineError}s other than {@link StackOverflowError}, such as {@link OutOfMemoryError}:
 * they are rethrown, because hiding them would leave a broken JVM running.
 *
 * <h2>Thread-safety</h2>
 *
 * <p>Thread-safe. A capture's state lives in a capture object that one call holds at a time: taken from a
 * small pool striped by thread (an atomic exchange, so two threads never share one), or made anew when its
 * slot is empty, and cleared before it is put back. The caller must not mutate the value concurrently with
 * capture (if it does, the result is whatever was read, or an {@code $error} placeholder).
 */
public final class Payloads {

  /** Containers nested deeper than this become {@code "[max depth]"}. */
  static final int MAX_DEPTH = 32;

  /** Smallest honoured size limit: room for the truncation wrapper with a short preview. */
  static final int MIN_MAX_CHARS = 64;

  static final String CYCLE = "[cycle]";
  static final String DEPTH_EXCEEDED = "[max depth]";

  private static final String TRUNCATED_PREFIX = "{\"$truncated\":true,";
  private static final String EXACT_HEAD = TRUNCATED_PREFIX + "\"originalChars\":";
  private static final String AT_LEAST_HEAD = TRUNCATED_PREFIX + "\"minOriginalChars\":";
  private static final String PREVIEW_KEY = ",\"preview\":\"";

  private Payloads() {}

  /**
   * Captures {@code value} as JSON text of at most {@code maxChars} characters, as described in the
   * class documentation. Never throws (except {@link VirtualMachineError}s other than {@link
   * StackOverflowError}).
   *
   * @param maxChars the size limit; values below 64 count as 64
   */
  public static String toJson(Object value, int maxChars) {
    int max = Math.max(maxChars, MIN_MAX_CHARS);
    try {
      if (value == null) {
        return "null";
      }
      // Prompts and completions are usually plain strings: escape them without a generator.
      if (value instanceof String string) {
        return stringToJson(string, max);
      }
      if (value instanceof Boolean b) {
        return b ? "true" : "false";
      }
      // At most 20 characters, always within MIN_MAX_CHARS.
      if (value instanceof Integer || value instanceof Long) {
        return value.toString();
      }
      return capture(value, max);
    } catch (Throwable t) {
      Fatal.rethrowIfFatal(t);
      return errorJson(StackTraces.describe(t), max);
    }
  }

  /** True if {@code json} is the truncated form produced by {@link #toJson}. */
  public static boolean isTruncated(String json) {
    return json != null && json.startsWith(TRUNCATED_PREFIX);
  }

  // ---- Strings and envelopes without a generator --------------------------------------------

  private static String stringToJson(String s, int max) {
    int length = s.length();
    if (length <= max - 2 && !JsonText.needsEscaping(s)) {
      // One exact-size allocation on the common path.
      return "\"" + s + "\"";
    }
    StringBuilder out = new StringBuilder((int) Math.min(max, length + 18L));
    out.append('"');
    int stop = JsonText.appendEscaped(out, s, 0, length, max - 1);
    if (stop == length) {
      return out.append('"').toString();
    }
    if (length + 2L > countLimit(max)) {
      // Each remaining character takes at least one character of JSON.
      return truncatedJson(out, out.length() + (long) (length - stop) + 1, false, max);
    }
    return truncatedJson(out, out.length() + JsonText.escapedLength(s, stop, length) + 1, true, max);
  }

  private static String truncatedJson(CharSequence json, long originalChars, boolean exact, int max) {
    StringBuilder out = new StringBuilder(max);
    out.append(exact ? EXACT_HEAD : AT_LEAST_HEAD).append(originalChars).append(PREVIEW_KEY);
    JsonText.appendEscaped(out, json, 0, json.length(), max - 2);
    return out.append("\"}").toString();
  }

  private static String errorJson(String reason, int max) {
    StringBuilder out = new StringBuilder(Math.min(max, reason.length() + 16));
    out.append("{\"$error\":\"");
    JsonText.appendEscaped(out, reason, 0, reason.length(), max - 2);
    return out.append("\"}").toString();
  }

  /**
   * How much JSON a capture produces before it stops: past {@code maxChars} only the length is
   * wanted, and knowing it exactly is worth a bounded amount of extra work.
   */
  private static long countLimit(int max) {
    return 2L * max;
  }

  /**
   * {@code s} cut to {@code limit} characters. The surrogate rule needs no pass of its own: {@link
   * JsonText#appendQuoted} writes an unpaired surrogate as U+FFFD, including the lone high surrogate of a
   * pair the cut splits; the cut text only ever stands in a capture that overflows, so that character never
   * reaches a complete value.
   */
  private static String cut(String s, long limit) {
    return s.length() <= limit ? s : s.substring(0, (int) limit);
  }

  // ---- Capture straight into a reused buffer ------------------------------------------------

  /** Thrown (preallocated, without a stack trace) to unwind a capture that reached its limit. */
  private static final class LimitReached extends RuntimeException {
    private static final long serialVersionUID = 1L;
    // One instance, without a stack trace: it only unwinds a capture, so making one per capture would waste.
    @SuppressWarnings("StaticAssignmentOfThrowable")
    static final LimitReached INSTANCE = new LimitReached();

    private LimitReached() {
      super(null, null, false, false);
    }
  }

  /**
   * Captures between uses, so that a capture on the agent's thread allocates its result and little else: the
   * JSON is written straight into a reused builder (a chat request once took a generator, its context and a
   * growing builder, about 1.8 KB of garbage per capture). Striped by thread so that threads rarely meet on a
   * slot; a capture taken from an empty slot is made anew, one whose builder grew past {@link #RETAINED_CHARS}
   * is not kept, so the pool holds at most a few kilobytes per slot whatever the payloads were. Not a
   * ThreadLocal: a million virtual threads would each keep a buffer.
   */
  private static final AtomicReferenceArray<Capture> POOL =
      new AtomicReferenceArray<>(Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors()) * 4));

  /** Largest builder a pooled capture keeps between uses. */
  private static final int RETAINED_CHARS = 16 * 1024;

  private static String capture(Object value, int max) {
    int slot = (int) ((Thread.currentThread().getId() * 0x9E3779B9L) >>> 16) & (POOL.length() - 1);
    Capture c = POOL.getAndSet(slot, null);
    if (c == null) {
      c = new Capture();
    }
    try {
      return c.run(value, max);
    } finally {
      if (c.reset()) {
        POOL.lazySet(slot, c);
      }
    }
  }

  /**
   * One capture at a time: walks the value and writes its JSON into {@link #out}, escaped by {@link JsonText}'s
   * rule (as the exporters write text). Aborts the walk once the text passes {@link #countLimit}, so a huge
   * value costs work proportional to the limit, not to its size; the text is then the truncation envelope's
   * preview.
   */
  private static final class Capture {
    private final StringBuilder out = new StringBuilder(1024);
    /** Per open container (index = nesting level, 0 = top): whether nothing has been written in it yet. */
    private final boolean[] first = new boolean[MAX_DEPTH + 2];
    private final Object[] path = new Object[MAX_DEPTH];
    private int level;
    /** A member name was just written: the next value follows its colon without a comma. */
    private boolean afterName;
    private long countLimit;
    /** Characters known to follow what {@link #out} holds when a capture stopped early (see {@link #stop}). */
    private long beyond;

    String run(Object value, int maxChars) {
      countLimit = Payloads.countLimit(maxChars);
      try {
        writeValue(value, 0);
      } catch (LimitReached expected) {
        // the text is past countLimit; what was written is the preview
      }
      long count = out.length() + beyond;
      if (count > countLimit) {
        return truncatedJson(out, count, false, maxChars);
      }
      if (count > maxChars) {
        return truncatedJson(out, count, true, maxChars);
      }
      return out.toString();
    }

    /** Clears this capture for the next one; false if its builder grew too large to keep. */
    boolean reset() {
      Arrays.fill(path, null); // no references to the agent's values outlive the capture
      level = 0;
      afterName = false;
      beyond = 0;
      if (out.capacity() > RETAINED_CHARS) {
        return false;
      }
      out.setLength(0);
      return true;
    }

    // -- The sink --

    /** Checks the limit after a write: past it, the walk stops. */
    private void wrote() {
      if (out.length() > countLimit) {
        throw LimitReached.INSTANCE;
      }
    }

    /** The comma that separates this value from the previous one in its container, if any. */
    private void beforeValue() {
      if (afterName) {
        afterName = false;
      } else if (level > 0) {
        if (first[level]) {
          first[level] = false;
        } else {
          out.append(',');
        }
      }
    }

    private void open(char bracket) {
      beforeValue();
      out.append(bracket);
      first[++level] = true;
    }

    private void close(char bracket) {
      level--;
      out.append(bracket);
      wrote();
    }

    private void name(String name) {
      if (first[level]) {
        first[level] = false;
      } else {
        out.append(',');
      }
      JsonText.appendQuoted(out, name);
      out.append(':');
      afterName = true;
      wrote();
    }

    private void string(String s) {
      beforeValue();
      JsonText.appendQuoted(out, s);
      wrote();
    }

    private void literal(String token) {
      beforeValue();
      out.append(token);
      wrote();
    }

    private void number(long n) {
      beforeValue();
      out.append(n);
      wrote();
    }

    /**
     * Characters a single string may still contribute before the capture must stop; a longer string
     * is cut to this, which still overflows, so the cut is never visible as a complete value.
     */
    private long stringBudget() {
      return countLimit - out.length() + 1;
    }

    /** Stops the capture for a value known to need {@code atLeast} more characters than remain. */
    private void stop(long atLeast) {
      beyond = atLeast;
      throw LimitReached.INSTANCE;
    }

    // -- The walk --

    private void writeValue(Object v, int depth) {
      if (v == null) {
        literal("null");
      } else if (v instanceof String string) {
        writeText(string);
      } else if (v instanceof Number number) {
        writeNumber(number);
      } else if (v instanceof Boolean b) {
        literal(b ? "true" : "false");
      } else if (v instanceof Map) {
        writeMap((Map<?, ?>) v, depth);
      } else if (v instanceof Collection) {
        writeIterable((Iterable<?>) v, depth);
      } else if (v.getClass().isArray()) {
        writeArray(v, depth);
      } else if (v instanceof CharSequence || v instanceof Character) {
        writeToString(v);
      } else if (v instanceof Enum) {
        writeText(((Enum<?>) v).name());
      } else if (v instanceof Optional) {
        writeValue(((Optional<?>) v).orElse(null), depth);
      } else if (v instanceof OptionalInt
          || v instanceof OptionalLong
          || v instanceof OptionalDouble) {
        writeOptionalPrimitive(v);
      } else if (v instanceof TemporalAccessor
          || v instanceof TemporalAmount
          || v instanceof ZoneId
          || v instanceof UUID
          || v instanceof URI
          || v instanceof URL
          || v instanceof Path // before Iterable: a Path iterates over Paths
          || v instanceof File) {
        writeToString(v);
      } else if (v instanceof Throwable throwable) {
        writeThrowable(throwable);
      } else if (v.getClass().isRecord()) {
        writeRecord((Record) v, depth);
      } else if (v instanceof Iterable) {
        writeIterable((Iterable<?>) v, depth);
      } else {
        writeOther(v);
      }
    }

    private void writeText(String s) {
      string(cut(s, stringBudget()));
    }

    private void writeNumber(Number n) {
      if (n instanceof Integer || n instanceof Short || n instanceof Byte || n instanceof Long
          || n instanceof AtomicInteger || n instanceof AtomicLong) {
        number(n.longValue());
      } else if (n instanceof Double) {
        writeDouble(n.doubleValue());
      } else if (n instanceof Float) {
        writeFloat(n.floatValue());
      } else if (n instanceof BigDecimal d) {
        guardDigits(d.unscaledValue().bitLength());
        literal(d.toString());
      } else if (n instanceof BigInteger i) {
        guardDigits(i.bitLength());
        literal(i.toString());
      } else {
        writeOther(n);
      }
    }

    /** Huge numbers are cut off before {@code toString()}, whose cost grows faster than linearly. */
    private void guardDigits(int bitLength) {
      // log10(2): a number of b bits has at least floor((b - 1) * log10(2)) + 1 decimal digits.
      long minDigits = (long) (Math.max(bitLength - 1, 0) * 0.30102999566398) + 1;
      if (minDigits > stringBudget()) {
        stop(minDigits);
      }
    }

    private void writeDouble(double d) {
      if (Double.isFinite(d)) {
        beforeValue();
        out.append(d);
        wrote();
      } else {
        string(Double.toString(d)); // "NaN", "Infinity", "-Infinity"
      }
    }

    private void writeFloat(float f) {
      if (Float.isFinite(f)) {
        beforeValue();
        out.append(f);
        wrote();
      } else {
        string(Float.toString(f));
      }
    }

    /**
     * Pushes a container onto the current path, or writes the marker that replaces it.
     *
     * @return true if the container's contents should be written
     */
    private boolean enter(Object container, int depth) {
      for (int i = 0; i < depth; i++) {
        if (path[i] == container) {
          string(CYCLE);
          return false;
        }
      }
      if (depth >= MAX_DEPTH) {
        string(DEPTH_EXCEEDED);
        return false;
      }
      // Entries past depth are stale siblings' and are never read, so leaving a level needs no pop.
      path[depth] = container;
      return true;
    }

    private void writeMap(Map<?, ?> map, int depth) {
      if (!enter(map, depth)) {
        return;
      }
      open('{');
      for (Map.Entry<?, ?> e : map.entrySet()) {
        writeKey(e.getKey());
        writeValue(e.getValue(), depth + 1);
      }
      close('}');
    }

    private void writeKey(Object key) {
      String name;
      if (key instanceof String string) {
        name = string;
      } else {
        try {
          name = String.valueOf(key);
        } catch (Throwable t) {
          Fatal.rethrowIfFatal(t);
          name = "[key toString() threw " + StackTraces.describe(t) + "]";
        }
        if (name == null) { // a toString() that returns null
          name = "null";
        }
      }
      name(cut(name, stringBudget()));
    }

    private void writeIterable(Iterable<?> items, int depth) {
      if (!enter(items, depth)) {
        return;
      }
      open('[');
      for (Object item : items) {
        writeValue(item, depth + 1);
      }
      close(']');
    }

    private void writeArray(Object array, int depth) {
      if (array instanceof byte[] bytes) {
        // Base64 takes 4 characters per 3 bytes; encode no more than can still be counted.
        long budget = stringBudget();
        int take = (int) Math.min(bytes.length, budget / 4 * 3 + 3);
        byte[] part = take == bytes.length ? bytes : Arrays.copyOf(bytes, take);
        beforeValue();
        out.append('"').append(new String(Base64.getEncoder().encode(part), StandardCharsets.ISO_8859_1)).append('"');
        if (take < bytes.length) {
          stop(0);
        }
        wrote();
        return;
      }
      if (!enter(array, depth)) {
        return;
      }
      open('[');
      if (array instanceof Object[] objects) {
        for (Object item : objects) {
          writeValue(item, depth + 1);
        }
      } else if (array instanceof int[] ints) {
        for (int x : ints) {
          number(x);
        }
      } else if (array instanceof long[] longs) {
        for (long x : longs) {
          number(x);
        }
      } else if (array instanceof double[] doubles) {
        for (double x : doubles) {
          writeDouble(x);
        }
      } else if (array instanceof float[] floats) {
        for (float x : floats) {
          writeFloat(x);
        }
      } else if (array instanceof boolean[] booleans) {
        for (boolean x : booleans) {
          literal(x ? "true" : "false");
        }
      } else if (array instanceof char[] chars) {
        for (char x : chars) {
          string(String.valueOf(x));
        }
      } else if (array instanceof short[] shorts) {
        for (short x : shorts) {
          number(x);
        }
      }
      close(']');
    }

    private void writeOptionalPrimitive(Object v) {
      if (v instanceof OptionalInt o) {
        if (o.isPresent()) {
          number(o.getAsInt());
        } else {
          literal("null");
        }
      } else if (v instanceof OptionalLong o) {
        if (o.isPresent()) {
          number(o.getAsLong());
        } else {
          literal("null");
        }
      } else {
        OptionalDouble o = (OptionalDouble) v;
        if (o.isPresent()) {
          writeDouble(o.getAsDouble());
        } else {
          literal("null");
        }
      }
    }

    private void writeThrowable(Throwable t) {
      open('{');
      name("type");
      writeText(t.getClass().getName());
      name("message");
      String message;
      try {
        message = t.getMessage();
      } catch (Throwable failure) {
        Fatal.rethrowIfFatal(failure);
        message = "[getMessage() threw " + StackTraces.describe(failure) + "]";
      }
      if (message == null) {
        literal("null");
      } else {
        writeText(message);
      }
      close('}');
    }

    private void writeRecord(Record r, int depth) {
      RecordShape shape = RECORD_SHAPES.get(r.getClass());
      if (shape == RecordShape.UNREADABLE) {
        writeOther(r);
        return;
      }
      if (!enter(r, depth)) {
        return;
      }
      open('{');
      for (int i = 0; i < shape.names.length; i++) {
        String name = shape.names[i];
        name(name);
        Object component;
        try {
          component = shape.accessors[i].invoke(r);
        } catch (InvocationTargetException e) {
          writeText("[" + name + "() threw " + StackTraces.describe(e.getCause()) + "]");
          continue;
        } catch (Throwable t) {
          Fatal.rethrowIfFatal(t);
          writeText("[" + name + "() failed: " + StackTraces.describe(t) + "]");
          continue;
        }
        writeValue(component, depth + 1);
      }
      close('}');
    }

    private void writeToString(Object v) {
      String s;
      try {
        s = v.toString();
      } catch (Throwable t) {
        Fatal.rethrowIfFatal(t);
        writeToStringFailure(v, t);
        return;
      }
      if (s == null) {
        literal("null");
      } else {
        writeText(s);
      }
    }

    private void writeOther(Object v) {
      String s;
      try {
        s = v.toString();
      } catch (Throwable t) {
        Fatal.rethrowIfFatal(t);
        writeToStringFailure(v, t);
        return;
      }
      open('{');
      name("$type");
      writeText(v.getClass().getName());
      name("value");
      if (s == null) {
        literal("null");
      } else {
        writeText(s);
      }
      close('}');
    }

    private void writeToStringFailure(Object v, Throwable t) {
      open('{');
      name("$type");
      writeText(v.getClass().getName());
      name("error");
      writeText("toString() threw " + StackTraces.describe(t));
      close('}');
    }
  }

  /** A record class's component names and accessors, looked up once per class. */
  private static final class RecordShape {
    static final RecordShape UNREADABLE = new RecordShape(new String[0], new Method[0]);

    final String[] names;
    final Method[] accessors;

    RecordShape(String[] names, Method[] accessors) {
      this.names = names;
      this.accessors = accessors;
    }
  }

  private static final ClassValue<RecordShape> RECORD_SHAPES =
      new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
          try {
            RecordComponent[] components = type.getRecordComponents();
            String[] names = new String[components.length];
            Method[] accessors = new Method[components.length];
            for (int i = 0; i < components.length; i++) {
              names[i] = components[i].getName();
              accessors[i] = components[i].getAccessor();
              // A record that is not public (or in a closed module) still has callable accessors
              // once opened; if it cannot be opened, invoke() fails per component and says so.
              accessors[i].trySetAccessible();
            }
            return new RecordShape(names, accessors);
          } catch (RuntimeException | LinkageError e) {
            return RecordShape.UNREADABLE;
          }
        }
      };
}
