package dev.agentrace.api;

import dev.agentrace.api.internal.Hex;

/**
 * The identity of a span as W3C Trace Context defines it: a 128-bit trace id, a 64-bit span id and
 * trace flags (bit 0 = sampled), plus the opaque {@code tracestate} carried along with it.
 *
 * <p>Ids are held as numbers; {@link #traceId()} and {@link #spanId()} render them as lowercase hex
 * (32 and 16 characters). A context whose trace id or span id is all zeros is invalid; a span given an
 * invalid context as its parent starts a new trace.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SpanContext {
  private static final SpanContext INVALID = new SpanContext(0, 0, 0, (byte) 0, "", false);
  private static final byte SAMPLED = 0x01;

  private final long traceIdHigh;
  private final long traceIdLow;
  private final long spanId;
  private final byte flags;
  private final String traceState;
  private final boolean remote;

  private SpanContext(long traceIdHigh, long traceIdLow, long spanId, byte flags, String traceState, boolean remote) {
    this.traceIdHigh = traceIdHigh;
    this.traceIdLow = traceIdLow;
    this.spanId = spanId;
    this.flags = flags;
    this.traceState = traceState == null ? "" : traceState;
    this.remote = remote;
  }

  /** The invalid context: all-zero ids, not sampled. */
  public static SpanContext invalid() {
    return INVALID;
  }

  /**
   * A local context from numeric ids.
   *
   * @param traceIdHigh upper 64 bits of the trace id
   * @param traceIdLow lower 64 bits of the trace id
   * @param spanId the span id
   * @param sampled whether the trace is sampled
   */
  public static SpanContext of(long traceIdHigh, long traceIdLow, long spanId, boolean sampled) {
    return new SpanContext(traceIdHigh, traceIdLow, spanId, sampled ? SAMPLED : 0, "", false);
  }

  /**
   * A local context from numeric ids that carries a W3C trace state along (a span whose trace came
   * from another process keeps that process's trace state, and passes it on).
   *
   * @param traceIdHigh upper 64 bits of the trace id
   * @param traceIdLow lower 64 bits of the trace id
   * @param spanId the span id
   * @param sampled whether the trace is sampled
   * @param traceState the W3C trace-state value, or null for none; one that is not well formed or is
   *     over the W3C limits (512 characters, 32 members) is dropped
   */
  public static SpanContext of(long traceIdHigh, long traceIdLow, long spanId, boolean sampled, String traceState) {
    return new SpanContext(traceIdHigh, traceIdLow, spanId, sampled ? SAMPLED : 0,
        W3CPropagator.wellFormedTraceState(traceState), false);
  }

  /**
   * A context received from another process (for example through a {@code traceparent} header).
   * Malformed ids give an invalid context rather than an exception.
   *
   * @param traceIdHex 32 lowercase hex characters
   * @param spanIdHex 16 lowercase hex characters
   * @param flags the W3C trace flags byte
   * @param traceState the value of the W3C trace-state header, or null; one that is not well formed or is
   *     over the W3C limits (512 characters, 32 members) is dropped, so a hostile header cannot ride along
   *     on every span of the trace
   */
  public static SpanContext createRemote(String traceIdHex, String spanIdHex, byte flags, String traceState) {
    if (!Hex.isLowerHex(traceIdHex, 32) || !Hex.isLowerHex(spanIdHex, 16)) {
      return INVALID;
    }
    long hi = Hex.parseLong(traceIdHex, 0);
    long lo = Hex.parseLong(traceIdHex, 16);
    long span = Hex.parseLong(spanIdHex, 0);
    if ((hi == 0 && lo == 0) || span == 0) {
      return INVALID;
    }
    return new SpanContext(hi, lo, span, flags, W3CPropagator.wellFormedTraceState(traceState), true);
  }

  /** The trace id as 32 lowercase hex characters. */
  public String traceId() {
    return Hex.of(traceIdHigh, traceIdLow);
  }

  /** The span id as 16 lowercase hex characters. */
  public String spanId() {
    return Hex.of(spanId);
  }

  /** Upper 64 bits of the trace id. */
  public long traceIdHigh() {
    return traceIdHigh;
  }

  /** Lower 64 bits of the trace id. */
  public long traceIdLow() {
    return traceIdLow;
  }

  /** The span id as a number. */
  public long spanIdLong() {
    return spanId;
  }

  /** The W3C trace flags byte. */
  public byte flags() {
    return flags;
  }

  /** The {@code tracestate} value carried with this context ("" when none). */
  public String traceState() {
    return traceState;
  }

  /** Whether this context came from another process. */
  public boolean isRemote() {
    return remote;
  }

  /** Whether the trace is sampled (flag bit 0). */
  public boolean isSampled() {
    return (flags & SAMPLED) != 0;
  }

  /** Whether both ids are non-zero. */
  public boolean isValid() {
    return (traceIdHigh != 0 || traceIdLow != 0) && spanId != 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SpanContext c
        && c.traceIdHigh == traceIdHigh
        && c.traceIdLow == traceIdLow
        && c.spanId == spanId
        && c.flags == flags
        && c.traceState.equals(traceState)
        && c.remote == remote;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(traceIdHigh) * 31 * 31 + Long.hashCode(traceIdLow) * 31 + Long.hashCode(spanId) + flags;
  }

  @Override
  public String toString() {
    return "SpanContext{traceId=" + traceId() + ", spanId=" + spanId() + ", sampled=" + isSampled()
        + (remote ? ", remote" : "") + "}";
  }
}
