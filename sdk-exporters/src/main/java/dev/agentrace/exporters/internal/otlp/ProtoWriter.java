package dev.agentrace.exporters.internal.otlp;

import dev.agentrace.api.internal.Hex;
import java.util.Arrays;

/**
 * A minimal protobuf writer: tags, varints, fixed64 and length-delimited fields, written in two passes
 * over the same calls. Not thread-safe; one instance encodes one request.
 *
 * <p>The first pass only counts: {@link #begin}/{@link #end} note each nested message's length, and each
 * string's UTF-8 length, in call order. {@link #startWriting} then allocates the output at its exact size,
 * and the second pass, making the same calls, writes every length before its body from those notes. So the
 * request is one array of exactly its size, with minimal varints, no nested arrays, nothing shifted and
 * nothing copied at the end. The caller must make the same calls with the same values in both passes (span
 * data handed to exporters does not change); a call whose length differs from the first pass's throws,
 * and so does {@link #toByteArray} when calls were left out. A string that the first pass found to be
 * ASCII is copied without looking at it again.
 */
final class ProtoWriter {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LEN = 2;

  private boolean sizing = true;
  /** First pass: bytes counted so far. */
  private int size;
  /** Lengths of nested messages and strings, in call order: filled in the first pass, read in the second. */
  private int[] lengths;
  private int count;
  private int next;
  /** First pass: for each open message, where its body starts and its slot in {@link #lengths}. */
  private int[] open = new int[16];
  private int depth;

  private byte[] buf;
  private int pos;
  private final Utf8.Scratch scratch;

  /**
   * The lengths array and string scratch of the last request on this thread, for the next: a 512-span batch
   * notes some 25,000 lengths, which would otherwise be a tenth of what an encode allocates.
   */
  private static final ThreadLocal<ProtoWriter> SPARE = new ThreadLocal<>();
  private static final int SPARE_MAX = 1 << 20;

  ProtoWriter() {
    ProtoWriter spare = SPARE.get();
    if (spare != null) {
      SPARE.remove(); // taken, so a nested request on this thread cannot share it
      lengths = spare.lengths;
      scratch = spare.scratch;
    } else {
      lengths = new int[256];
      scratch = new Utf8.Scratch();
    }
  }

  /** Ends the counting pass: from here on the same calls write. */
  void startWriting() {
    if (depth != 0) {
      throw new IllegalStateException(depth + " nested messages left open");
    }
    sizing = false;
    buf = new byte[size];
  }

  /** Starts a nested message in field {@code field}; close it with {@link #end()}. */
  void begin(int field) {
    if (sizing) {
      size += tagSize(field);
      if (depth * 2 == open.length) {
        open = Arrays.copyOf(open, open.length * 2);
      }
      open[depth * 2] = size;
      open[depth * 2 + 1] = note(0);
      depth++;
    } else {
      tag(field, LEN);
      varint(lengths[next++]);
    }
  }

  /** Ends the innermost message started with {@link #begin}. */
  void end() {
    if (sizing) {
      depth--;
      int length = size - open[depth * 2];
      lengths[open[depth * 2 + 1]] = length;
      size += varintSize(length);
    }
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
    // a '?' is also indistinguishable from a real one. Utf8 applies that rule.
    if (sizing) {
      int length = Utf8.length(value, scratch);
      note(length);
      size += tagSize(field) + varintSize(length) + length;
    } else {
      int length = lengths[next++];
      tag(field, LEN);
      varint(length);
      utf8(value, length);
    }
  }

  /**
   * A KeyValue message in field {@code field} whose AnyValue holds a string: the same bytes as
   * {@code begin(field); string(1, key); begin(2); stringAlways(1, value); end(); end()}, with two notes
   * instead of four, since both message lengths follow from the two string lengths.
   */
  void keyValue(int field, String key, String value) {
    if (sizing) {
      int k = Utf8.length(key, scratch);
      int v = Utf8.length(value, scratch);
      note(k);
      note(v);
      int kv = keyValueLength(k, 1 + varintSize(v) + v);
      size += tagSize(field) + varintSize(kv) + kv;
    } else {
      int k = lengths[next++];
      int v = lengths[next++];
      int any = 1 + varintSize(v) + v;
      keyValueHead(field, key, k, any);
      buf[pos++] = (1 << 3) | LEN; // AnyValue.string_value
      varint(v);
      utf8(value, v);
    }
  }

  /** A KeyValue whose AnyValue holds {@code value} as int_value (3, varint) or, if {@code fixed}, double_value (4). */
  void keyValue(int field, String key, long value, boolean fixed) {
    int any = 1 + (fixed ? 8 : varintSize(value));
    if (sizing) {
      int k = Utf8.length(key, scratch);
      note(k);
      int kv = keyValueLength(k, any);
      size += tagSize(field) + varintSize(kv) + kv;
    } else {
      keyValueHead(field, key, lengths[next++], any);
      if (fixed) {
        buf[pos++] = (4 << 3) | FIXED64;
        fixed64(value);
      } else {
        buf[pos++] = (3 << 3) | VARINT;
        varint(value);
      }
    }
  }

  /** KeyValue's length: its key (omitted when empty, as proto3 does) and its AnyValue of {@code any} bytes. */
  private static int keyValueLength(int keyLength, int any) {
    return (keyLength == 0 ? 0 : 1 + varintSize(keyLength) + keyLength) + 1 + varintSize(any) + any;
  }

  /** Writes a KeyValue's tag and length, its key, and the tag and length of its AnyValue. */
  private void keyValueHead(int field, String key, int keyLength, int any) {
    tag(field, LEN);
    varint(keyValueLength(keyLength, any));
    if (keyLength != 0) {
      buf[pos++] = (1 << 3) | LEN; // KeyValue.key
      varint(keyLength);
      utf8(key, keyLength);
    }
    buf[pos++] = (2 << 3) | LEN; // KeyValue.value
    varint(any);
  }

  private void utf8(String value, int length) {
    int end;
    try {
      end = Utf8.encode(value, length, buf, pos, scratch);
    } catch (IndexOutOfBoundsException e) {
      end = -1; // longer than when it was counted
    }
    if (end != pos + length) {
      throw changed();
    }
    pos += length;
  }

  /** A bytes field of the 8 bytes of {@code id}, most significant first: a span id as its hex spells it. */
  void idBytes(int field, long id) {
    if (sizing) {
      size += tagSize(field) + 1 + 8;
    } else {
      tag(field, LEN);
      buf[pos++] = 8;
      for (int shift = 56; shift >= 0; shift -= 8) {
        buf[pos++] = (byte) (id >>> shift);
      }
    }
  }

  /**
   * A bytes field holding the bytes that the lowercase hex {@code hex} spells (a trace or span id), decoded
   * straight into the output. The caller has checked that it is hex of even length.
   */
  void hexBytes(int field, String hex) {
    int length = hex.length() / 2;
    if (sizing) {
      size += tagSize(field) + varintSize(length) + length;
    } else {
      tag(field, LEN);
      varint(length);
      for (int i = 0; i < length; i++) {
        buf[pos++] = (byte) Hex.parseByte(hex, 2 * i);
      }
    }
  }

  /** A varint field (int64, uint32, bool or enum), omitted when 0 unless {@code always}. */
  void varintField(int field, long value, boolean always) {
    if (value != 0 || always) {
      if (sizing) {
        size += tagSize(field) + varintSize(value);
      } else {
        tag(field, VARINT);
        varint(value);
      }
    }
  }

  /** A fixed64 or double field, omitted when 0 unless {@code always}. */
  void fixed64Field(int field, long value, boolean always) {
    if (value != 0 || always) {
      if (sizing) {
        size += tagSize(field) + 8;
      } else {
        tag(field, FIXED64);
        fixed64(value);
      }
    }
  }

  /** The encoded bytes, once the writing pass has made the same calls as the counting pass. */
  byte[] toByteArray() {
    if (sizing || pos != buf.length || next != count) {
      throw changed();
    }
    byte[] request = buf;
    if (lengths.length <= SPARE_MAX) {
      buf = null;
      SPARE.set(this);
    }
    return request;
  }

  private static IllegalStateException changed() {
    return new IllegalStateException("the spans changed while the request was being encoded (or a pass was left out)");
  }

  private int note(int length) {
    if (count == lengths.length) {
      lengths = Arrays.copyOf(lengths, count * 2);
    }
    lengths[count] = length;
    return count++;
  }

  private void tag(int field, int wireType) {
    varint(((long) field << 3) | wireType);
  }

  private static int tagSize(int field) {
    return varintSize((long) field << 3);
  }

  private void varint(long v) {
    while ((v & ~0x7FL) != 0) {
      buf[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[pos++] = (byte) v;
  }

  private void fixed64(long v) {
    for (int i = 0; i < 8; i++) {
      buf[pos++] = (byte) (v >>> (8 * i));
    }
  }

  static int varintSize(long v) {
    // 1 byte per started group of 7 bits; 0 takes one byte, a negative int64 ten.
    return v == 0 ? 1 : (63 - Long.numberOfLeadingZeros(v)) / 7 + 1;
  }
}
