package dev.agentrace.core.internal;

import dev.agentrace.api.internal.Fatal;
import java.io.File;
import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAmount;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;

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
 * <p>Stateless and thread-safe: all state of a capture lives in objects local to the call. The
 * caller must not mutate the value concurrently with capture (if it does, the result is whatever was
 * read, or an {@code $error} placeholder).
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

  // Auto-closing content is off because an aborted capture leaves structures open on purpose; the
  // generator would otherwise try to finish them into a writer that is discarding. JsonText's builder
  // makes the generator escape as the direct string path does, so both produce the same text.
  private static final JsonFactory FACTORY =
      JsonText.factoryBuilder().disable(StreamWriteFeature.AUTO_CLOSE_CONTENT).build();

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
      return new Capture(max).run(value);
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
   * {@code s} cut to {@code limit} characters, then {@link JsonText#wellFormed well formed}. A pair the
   * cut splits leaves a lone high surrogate, which becomes U+FFFD; the cut text only ever stands in a
   * capture that overflows, so that character never reaches a complete value.
   */
  private static String clean(String s, long limit) {
    return JsonText.wellFormed(s.length() <= limit ? s : s.substring(0, (int) limit));
  }

  // ---- Capture through the jackson generator ------------------------------------------------

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
   * One capture: walks the value into a generator and is itself the generator's output. Keeps the
   * first {@code maxChars} characters, counts the rest, and aborts the walk once the count passes
   * {@link #countLimit}; so a huge value costs work proportional to the limit, not to its size.
   */
  private static final class Capture extends Writer {
    private final int maxChars;
    private final long countLimit;
    private JsonGenerator gen;
    private StringBuilder text;
    private long count;
    private boolean discarding;
    private Object[] path;

    Capture(int maxChars) {
      this.maxChars = maxChars;
      this.countLimit = Payloads.countLimit(maxChars);
    }

    String run(Object value) {
      JsonGenerator g = FACTORY.createGenerator(ObjectWriteContext.empty(), this);
      gen = g;
      boolean completed = false;
      try {
        writeValue(value, 0);
        g.close(); // flushes the generator's buffer into this writer
        completed = true;
      } catch (LimitReached expected) {
        // count is past countLimit; what was kept is the preview
      } finally {
        if (!completed) {
          // Return the generator's buffers to jackson's pool; whatever it still flushes is dropped.
          discarding = true;
          try {
            g.close();
          } catch (RuntimeException ignored) {
            // The capture has already failed or stopped; a second failure adds nothing.
          }
        }
      }
      CharSequence json = text != null ? text : "";
      if (count > countLimit) {
        return truncatedJson(json, count, false, maxChars);
      }
      if (count > maxChars) {
        return truncatedJson(json, count, true, maxChars);
      }
      return json.toString();
    }

    // -- Writer: the generator's sink --

    @Override
    public void write(char[] chars, int offset, int length) {
      if (discarding) {
        return;
      }
      int keep = keep(length);
      if (keep > 0) {
        text.append(chars, offset, keep);
      }
      produced(length);
    }

    @Override
    public void write(String s, int offset, int length) {
      if (discarding) {
        return;
      }
      int keep = keep(length);
      if (keep > 0) {
        text.append(s, offset, offset + keep);
      }
      produced(length);
    }

    @Override
    public void write(int c) {
      if (discarding) {
        return;
      }
      if (keep(1) > 0) {
        text.append((char) c);
      }
      produced(1);
    }

    private int keep(int length) {
      long room = maxChars - count;
      if (room <= 0) {
        return 0;
      }
      int keep = (int) Math.min(room, length);
      if (text == null) {
        // Small payloads arrive in one write when the generator closes: size the buffer to it.
        text = new StringBuilder(Math.max(keep, Math.min(maxChars, 256)));
      }
      return keep;
    }

    private void produced(int length) {
      count += length;
      if (count > countLimit) {
        discarding = true;
        throw LimitReached.INSTANCE;
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    /**
     * Characters a single string may still contribute before the capture must stop; a longer string
     * is cut to this, which still overflows, so the cut is never visible as a complete value.
     */
    private long stringBudget() {
      return countLimit - count + 1;
    }

    /** Stops the capture for a value known to need {@code atLeast} more characters than remain. */
    private void stop(long atLeast) {
      gen.flush();
      count += atLeast;
      discarding = true;
      throw LimitReached.INSTANCE;
    }

    // -- The walk --

    private void writeValue(Object v, int depth) {
      if (v == null) {
        gen.writeNull();
      } else if (v instanceof String string) {
        writeText(string);
      } else if (v instanceof Number number) {
        writeNumber(number);
      } else if (v instanceof Boolean b) {
        gen.writeBoolean(b);
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
      gen.writeString(clean(s, stringBudget()));
    }

    private void writeNumber(Number n) {
      if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
        gen.writeNumber(n.intValue());
      } else if (n instanceof Long) {
        gen.writeNumber(n.longValue());
      } else if (n instanceof Double) {
        writeDouble(n.doubleValue());
      } else if (n instanceof Float) {
        writeFloat(n.floatValue());
      } else if (n instanceof BigDecimal d) {
        guardDigits(d.unscaledValue().bitLength());
        gen.writeNumber(d);
      } else if (n instanceof BigInteger i) {
        guardDigits(i.bitLength());
        gen.writeNumber(i);
      } else if (n instanceof AtomicInteger) {
        gen.writeNumber(n.intValue());
      } else if (n instanceof AtomicLong) {
        gen.writeNumber(n.longValue());
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
        gen.writeNumber(d);
      } else {
        gen.writeString(Double.toString(d)); // "NaN", "Infinity", "-Infinity"
      }
    }

    private void writeFloat(float f) {
      if (Float.isFinite(f)) {
        gen.writeNumber(f);
      } else {
        gen.writeString(Float.toString(f));
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
          gen.writeString(CYCLE);
          return false;
        }
      }
      if (depth >= MAX_DEPTH) {
        gen.writeString(DEPTH_EXCEEDED);
        return false;
      }
      // Entries past depth are stale siblings' and are never read, so leaving a level needs no pop.
      if (path == null) {
        path = new Object[8];
      } else if (depth == path.length) {
        path = Arrays.copyOf(path, Math.min(path.length * 2, MAX_DEPTH));
      }
      path[depth] = container;
      return true;
    }

    private void writeMap(Map<?, ?> map, int depth) {
      if (!enter(map, depth)) {
        return;
      }
      gen.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        writeKey(e.getKey());
        writeValue(e.getValue(), depth + 1);
      }
      gen.writeEndObject();
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
      gen.writeName(clean(name, stringBudget()));
    }

    private void writeIterable(Iterable<?> items, int depth) {
      if (!enter(items, depth)) {
        return;
      }
      gen.writeStartArray();
      for (Object item : items) {
        writeValue(item, depth + 1);
      }
      gen.writeEndArray();
    }

    private void writeArray(Object array, int depth) {
      if (array instanceof byte[] bytes) {
        // Base64 takes 4 characters per 3 bytes; encode no more than can still be counted.
        long budget = stringBudget();
        int take = (int) Math.min(bytes.length, budget / 4 * 3 + 3);
        gen.writeBinary(bytes, 0, take);
        if (take < bytes.length) {
          stop(0);
        }
        return;
      }
      if (!enter(array, depth)) {
        return;
      }
      gen.writeStartArray();
      if (array instanceof Object[] objects) {
        for (Object item : objects) {
          writeValue(item, depth + 1);
        }
      } else if (array instanceof int[] ints) {
        for (int x : ints) {
          gen.writeNumber(x);
        }
      } else if (array instanceof long[] longs) {
        for (long x : longs) {
          gen.writeNumber(x);
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
          gen.writeBoolean(x);
        }
      } else if (array instanceof char[] chars) {
        for (char x : chars) {
          gen.writeString(JsonText.wellFormed(String.valueOf(x)));
        }
      } else if (array instanceof short[] shorts) {
        for (short x : shorts) {
          gen.writeNumber(x);
        }
      }
      gen.writeEndArray();
    }

    private void writeOptionalPrimitive(Object v) {
      if (v instanceof OptionalInt o) {
        if (o.isPresent()) {
          gen.writeNumber(o.getAsInt());
        } else {
          gen.writeNull();
        }
      } else if (v instanceof OptionalLong o) {
        if (o.isPresent()) {
          gen.writeNumber(o.getAsLong());
        } else {
          gen.writeNull();
        }
      } else {
        OptionalDouble o = (OptionalDouble) v;
        if (o.isPresent()) {
          writeDouble(o.getAsDouble());
        } else {
          gen.writeNull();
        }
      }
    }

    private void writeThrowable(Throwable t) {
      gen.writeStartObject();
      gen.writeName("type");
      writeText(t.getClass().getName());
      gen.writeName("message");
      String message;
      try {
        message = t.getMessage();
      } catch (Throwable failure) {
        Fatal.rethrowIfFatal(failure);
        message = "[getMessage() threw " + StackTraces.describe(failure) + "]";
      }
      if (message == null) {
        gen.writeNull();
      } else {
        writeText(message);
      }
      gen.writeEndObject();
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
      gen.writeStartObject();
      for (int i = 0; i < shape.names.length; i++) {
        String name = shape.names[i];
        gen.writeName(name);
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
      gen.writeEndObject();
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
        gen.writeNull();
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
      gen.writeStartObject();
      gen.writeName("$type");
      writeText(v.getClass().getName());
      gen.writeName("value");
      if (s == null) {
        gen.writeNull();
      } else {
        writeText(s);
      }
      gen.writeEndObject();
    }

    private void writeToStringFailure(Object v, Throwable t) {
      gen.writeStartObject();
      gen.writeName("$type");
      writeText(v.getClass().getName());
      gen.writeName("error");
      writeText("toString() threw " + StackTraces.describe(t));
      gen.writeEndObject();
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
