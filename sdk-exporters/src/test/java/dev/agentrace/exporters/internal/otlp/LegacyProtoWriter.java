package dev.agentrace.exporters.internal.otlp;

import dev.agentrace.core.internal.JsonText;
import java.util.Arrays;

/**
 * The Jackson-era ProtoWriter as it was before the buffer-writing rewrite, kept unchanged in the tests as
 * the byte-for-byte reference the new encoder is held to (the *ReferenceTest classes).
 *
 * <p>A minimal protobuf writer: tags, varints, fixed64 and length-delimited fields, with nested messages
 * written in one pass. Not thread-safe; one instance encodes one request.
 *
 * <p>Nested messages: {@link #begin} reserves one byte for the length, the body is written in place, and
 * {@link #end} fills the length in, shifting the body right in the rare case the length needs more than
 * one varint byte. Most attributes are under 128 bytes, so most messages never move, and the output is
 * canonical (minimal varints) without a separate sizing pass.
 */
final class LegacyProtoWriter {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LEN = 2;

  private byte[] buf;
  private int pos;
  private int[] open = new int[8];
  private int depth;

  LegacyProtoWriter(int initialCapacity) {
    buf = new byte[Math.max(64, initialCapacity)];
  }

  /** Starts a nested message in field {@code field}; close it with {@link #end()}. */
  void begin(int field) {
    tag(field, LEN);
    ensure(1);
    if (depth == open.length) {
      open = Arrays.copyOf(open, depth * 2);
    }
    open[depth++] = pos;
    pos++;
  }

  /** Ends the innermost message started with {@link #begin}. */
  void end() {
    int start = open[--depth];
    int length = pos - start - 1;
    int lengthBytes = varintSize(length);
    if (lengthBytes > 1) {
      ensure(lengthBytes - 1);
      System.arraycopy(buf, start + 1, buf, start + lengthBytes, length);
      pos += lengthBytes - 1;
    }
    int saved = pos;
    pos = start;
    varint(length);
    pos = saved;
  }

  /** A string field, omitted when empty (the proto3 default). */
  void string(int field, String value) {
    if (value != null && !value.isEmpty()) {
      stringAlways(field, value);
    }
  }

  /**
   * A string field written even when empty: members of a {@code oneof} (AnyValue's string_value) must be
   * present for the receiver to know which member is set.
   */
  void stringAlways(int field, String value) {
    // proto3 strings must be valid UTF-8. getBytes alone would make an unpaired surrogate '?', so the same
    // span would read differently here than in OTLP/JSON and JSONL, which write U+FFFD (JsonText's rule);
    // a '?' is also indistinguishable from a real one.
    bytes(field, JsonText.utf8(value));
  }

  /** A bytes field. */
  void bytes(int field, byte[] value) {
    tag(field, LEN);
    varint(value.length);
    ensure(value.length);
    System.arraycopy(value, 0, buf, pos, value.length);
    pos += value.length;
  }

  /** A varint field (int64, uint32, bool or enum), omitted when 0 unless {@code always}. */
  void varintField(int field, long value, boolean always) {
    if (value != 0 || always) {
      tag(field, VARINT);
      varint(value);
    }
  }

  /** A fixed64 or double field, omitted when 0 unless {@code always}. */
  void fixed64Field(int field, long value, boolean always) {
    if (value != 0 || always) {
      tag(field, FIXED64);
      fixed64(value);
    }
  }

  /** The encoded bytes. */
  byte[] toByteArray() {
    if (depth != 0) {
      throw new IllegalStateException(depth + " nested messages left open");
    }
    return Arrays.copyOf(buf, pos);
  }

  private void tag(int field, int wireType) {
    varint(((long) field << 3) | wireType);
  }

  private void varint(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[pos++] = (byte) v;
  }

  private void fixed64(long v) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buf[pos++] = (byte) (v >>> (8 * i));
    }
  }

  static int varintSize(long v) {
    int n = 1;
    while ((v & ~0x7FL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  private void ensure(int more) {
    if (pos + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
    }
  }
}
