package dev.agentrace.api;

import dev.agentrace.api.internal.Fatal;
import dev.agentrace.api.internal.Hex;
import java.util.Map;

/**
 * Carries a {@link SpanContext} across processes in the
 * <a href="https://www.w3.org/TR/trace-context/">W3C Trace Context</a> headers {@code traceparent} and
 * {@code tracestate}. Obtain it from {@link Propagation#w3c()}.
 *
 * <p><b>Inject</b> writes {@code traceparent: 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>}
 * and, when the context carries a well-formed one (see below), {@code tracestate}. An invalid context
 * or a null argument writes nothing.
 *
 * <p><b>Extract</b> reads {@code traceparent} and applies the specification's rules: the version is
 * two lowercase hex digits and {@code ff} is invalid; version {@code 00} is exactly 55 characters; a
 * higher (future) version may be longer only if the character after the flags is {@code '-'}, and is
 * read as version {@code 00}; every field is lowercase hex (uppercase is invalid); an all-zero trace id
 * or span id is invalid. A missing, duplicated or invalid {@code traceparent} gives
 * {@link SpanContext#invalid()}, whose tracestate is empty: a span given it as parent starts a new
 * trace. A valid one gives {@link SpanContext#createRemote}. The {@code tracestate} is kept, trimmed,
 * when it is well-formed: at most 512 characters and at most 32 list members, each
 * {@code key=value} with a non-empty key free of whitespace, a non-empty value and printable ASCII
 * only (the shape is checked, not each vendor's key grammar). Otherwise it is dropped whole rather than
 * cut, because a cut list member would hand some vendor a corrupted value.
 *
 * <p>No method throws: not for null arguments, not for malformed input, and not when the caller's map,
 * {@link Setter} or {@link Getter} throws (inject then stops, extract returns the invalid context),
 * because propagation rides on requests it must never fail.
 *
 * <p>Thread-safe and stateless.
 */
public final class W3CPropagator {
  /** The {@code traceparent} header name, lowercase as written by {@code inject}. */
  public static final String TRACEPARENT = "traceparent";
  /** The {@code tracestate} header name, lowercase as written by {@code inject}. */
  public static final String TRACESTATE = "tracestate";

  static final W3CPropagator INSTANCE = new W3CPropagator();

  private static final int VERSION_00_LENGTH = 55;
  private static final int TRACE_ID_START = 3;
  private static final int SPAN_ID_START = 36;
  private static final int FLAGS_START = 53;
  private static final int MAX_TRACESTATE_LENGTH = 512;
  private static final int MAX_TRACESTATE_MEMBERS = 32;

  private W3CPropagator() {}

  /**
   * Writes one header into a carrier of type {@code C} (an HTTP request builder, a message's
   * properties, ...). Called at most once per header name per {@code inject}.
   *
   * @param <C> the carrier type
   */
  @FunctionalInterface
  public interface Setter<C> {
    /** Sets header {@code key} to {@code value} on {@code carrier}, replacing any earlier value. */
    void set(C carrier, String key, String value);
  }

  /**
   * Reads one header from a carrier of type {@code C}. HTTP header names are case-insensitive: a getter
   * over HTTP headers should look the (lowercase) key up accordingly.
   *
   * @param <C> the carrier type
   */
  @FunctionalInterface
  public interface Getter<C> {
    /** The value of header {@code key} on {@code carrier}, or null when absent. */
    String get(C carrier, String key);
  }

  /**
   * Writes {@code ctx} into {@code headers}. Entries for {@code traceparent} and {@code tracestate} the
   * map already holds, in any letter case, are replaced or removed, so that a map copied from an
   * incoming request does not send the previous hop's headers along with this one's.
   */
  public void inject(SpanContext ctx, Map<String, String> headers) {
    if (ctx == null || headers == null || !ctx.isValid()) {
      return;
    }
    try {
      String traceState = wellFormedTraceState(ctx.traceState());
      // A copied "Traceparent" left beside our "traceparent" reaches the wire as a duplicate header,
      // which receivers must reject; a stale tracestate would describe another hop's position.
      headers.keySet().removeIf(W3CPropagator::isOtherSpellingOfOurHeaders);
      headers.put(TRACEPARENT, traceparent(ctx));
      if (traceState.isEmpty()) {
        headers.remove(TRACESTATE);
      } else {
        headers.put(TRACESTATE, traceState);
      }
    } catch (Throwable carrierRefused) {
      // The map is the caller's (it may be immutable); losing the header beats failing the request.
      Fatal.rethrowIfFatal(carrierRefused);
    }
  }

  /** Writes {@code ctx} into {@code carrier} through {@code setter}. */
  public <C> void inject(SpanContext ctx, C carrier, Setter<C> setter) {
    if (ctx == null || carrier == null || setter == null || !ctx.isValid()) {
      return;
    }
    try {
      setter.set(carrier, TRACEPARENT, traceparent(ctx));
      String traceState = wellFormedTraceState(ctx.traceState());
      if (!traceState.isEmpty()) {
        setter.set(carrier, TRACESTATE, traceState);
      }
    } catch (Throwable carrierRefused) {
      // The setter is the caller's code; losing the header beats failing the request, whatever it threw.
      Fatal.rethrowIfFatal(carrierRefused);
    }
  }

  /**
   * Reads a context from {@code headers}, matching header names case-insensitively. Two spellings of
   * {@code traceparent} with different values count as a duplicated header (invalid); two spellings of
   * {@code tracestate} with different values drop the tracestate, since their order is unknown.
   */
  public SpanContext extract(Map<String, String> headers) {
    if (headers == null) {
      return SpanContext.invalid();
    }
    try {
      // One pass over the entries rather than get(): HTTP header names are case-insensitive, and a
      // plain HashMap keyed by "Traceparent" must still be found.
      String traceparent = null;
      String traceState = null;
      boolean conflictingTraceState = false;
      for (Map.Entry<String, String> e : headers.entrySet()) {
        String key = e.getKey();
        String value = e.getValue();
        if (key == null || value == null) {
          continue;
        }
        if (key.equalsIgnoreCase(TRACEPARENT)) {
          if (traceparent != null && !traceparent.equals(value)) {
            return SpanContext.invalid();
          }
          traceparent = value;
        } else if (key.equalsIgnoreCase(TRACESTATE)) {
          conflictingTraceState |= traceState != null && !traceState.equals(value);
          traceState = value;
        }
      }
      if (!isValidTraceparent(traceparent)) {
        return SpanContext.invalid();
      }
      return remoteContext(traceparent, conflictingTraceState ? null : traceState);
    } catch (Throwable carrierRefused) {
      // A map that fails to iterate (concurrent modification, a broken view) is treated as no headers.
      Fatal.rethrowIfFatal(carrierRefused);
      return SpanContext.invalid();
    }
  }

  /** Reads a context from {@code carrier} through {@code getter}. */
  public <C> SpanContext extract(C carrier, Getter<C> getter) {
    if (carrier == null || getter == null) {
      return SpanContext.invalid();
    }
    try {
      String traceparent = getter.get(carrier, TRACEPARENT);
      // The specification forbids reading tracestate when traceparent is unusable.
      if (!isValidTraceparent(traceparent)) {
        return SpanContext.invalid();
      }
      return remoteContext(traceparent, getter.get(carrier, TRACESTATE));
    } catch (Throwable carrierRefused) {
      // The getter is the caller's code; a failed read means no parent, not a failed request, whatever it threw.
      Fatal.rethrowIfFatal(carrierRefused);
      return SpanContext.invalid();
    }
  }

  @Override
  public String toString() {
    return "W3CPropagator";
  }

  private static boolean isOtherSpellingOfOurHeaders(String key) {
    return key != null
        && ((!key.equals(TRACEPARENT) && key.equalsIgnoreCase(TRACEPARENT))
            || (!key.equals(TRACESTATE) && key.equalsIgnoreCase(TRACESTATE)));
  }

  private static String traceparent(SpanContext ctx) {
    int flags = ctx.flags();
    // Always version 00: the specification asks a vendor to send the highest version it fully
    // understands, whatever version it received.
    StringBuilder out = new StringBuilder(VERSION_00_LENGTH)
        .append("00-")
        .append(ctx.traceId())
        .append('-')
        .append(ctx.spanId())
        .append('-');
    return Hex.appendByte(out, flags).toString();
  }

  private static boolean isValidTraceparent(String tp) {
    if (tp == null || tp.length() < VERSION_00_LENGTH || !Hex.isLowerHex(tp, 0, 2)) {
      return false;
    }
    char v0 = tp.charAt(0);
    char v1 = tp.charAt(1);
    if (v0 == 'f' && v1 == 'f') {
      return false;
    }
    if (v0 == '0' && v1 == '0') {
      if (tp.length() != VERSION_00_LENGTH) {
        return false;
      }
    } else if (tp.length() > VERSION_00_LENGTH && tp.charAt(VERSION_00_LENGTH) != '-') {
      // A future version may append fields, but only after a dash: "...-01x" is not "...-01".
      return false;
    }
    return tp.charAt(TRACE_ID_START - 1) == '-'
        && tp.charAt(SPAN_ID_START - 1) == '-'
        && tp.charAt(FLAGS_START - 1) == '-'
        && Hex.isLowerHex(tp, TRACE_ID_START, SPAN_ID_START - 1)
        && !isAllZeros(tp, TRACE_ID_START, SPAN_ID_START - 1)
        && Hex.isLowerHex(tp, SPAN_ID_START, FLAGS_START - 1)
        && !isAllZeros(tp, SPAN_ID_START, FLAGS_START - 1)
        && Hex.isLowerHex(tp, FLAGS_START, VERSION_00_LENGTH);
  }

  /** The caller has checked {@code tp} with {@link #isValidTraceparent}. */
  private static SpanContext remoteContext(String tp, String rawTraceState) {
    byte flags = (byte) Hex.parseByte(tp, FLAGS_START);
    return SpanContext.createRemote(
        tp.substring(TRACE_ID_START, SPAN_ID_START - 1),
        tp.substring(SPAN_ID_START, FLAGS_START - 1),
        flags,
        wellFormedTraceState(rawTraceState));
  }

  /** {@code raw} trimmed when it is a well-formed tracestate within the limits, else "". */
  static String wellFormedTraceState(String raw) {
    if (raw == null) {
      return "";
    }
    String ts = raw.trim();
    if (ts.isEmpty() || ts.length() > MAX_TRACESTATE_LENGTH) {
      return "";
    }
    int members = 0;
    int start = 0;
    while (start <= ts.length()) {
      int end = ts.indexOf(',', start);
      if (end < 0) {
        end = ts.length();
      }
      int from = skipSpaceForward(ts, start, end);
      int to = skipSpaceBackward(ts, from, end);
      // The specification allows empty list members ("a=1,,b=2"); they do not count toward the 32.
      if (from < to && (++members > MAX_TRACESTATE_MEMBERS || !isListMember(ts, from, to))) {
        return "";
      }
      start = end + 1;
    }
    return members == 0 ? "" : ts;
  }

  /** Whether {@code s[from, to)}, already stripped of surrounding spaces, is {@code key=value}. */
  private static boolean isListMember(String s, int from, int to) {
    int eq = s.indexOf('=', from);
    if (eq <= from || eq >= to - 1) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      boolean printable = c >= 0x20 && c <= 0x7E;
      if (!printable || (c == ' ' && i < eq)) {
        return false;
      }
    }
    return true;
  }

  private static int skipSpaceForward(String s, int from, int to) {
    while (from < to && isOptionalWhitespace(s.charAt(from))) {
      from++;
    }
    return from;
  }

  private static int skipSpaceBackward(String s, int from, int to) {
    while (to > from && isOptionalWhitespace(s.charAt(to - 1))) {
      to--;
    }
    return to;
  }

  private static boolean isOptionalWhitespace(char c) {
    return c == ' ' || c == '\t';
  }

  private static boolean isAllZeros(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }
}
