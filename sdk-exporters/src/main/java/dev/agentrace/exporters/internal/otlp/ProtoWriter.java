package dev.agentrace.exporters.internal.otlp;

import dev.agentrace.api.internal.Hex;
import java.util.Arrays;

/**
 * A minimal protobuf writer: tags, varints, fixed64 and length-delimited fields. Not thread-safe; one
 * instance encodes one request.
 *
 * <p>The calls do not write: they record what to write on a tape (an op and its lengths in an int array,
 * the strings and numbers beside it) and count the bytes, noting each nested message's length when
 * {@link #end} closes it. {@link #toByteArray} then allocates the output at its exact size and replays the
 * tape into it. So the request is one array of exactly its size, with minimal varints, no nested arrays,
 * nothing shifted and nothing copied at the end; and the span data is read once, so a value that changes
 * meanwhile (a thread's name, a map another thread writes) cannot make the lengths disagree with the bytes.
 */
final class ProtoWriter {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LEN = 2;

  // Ops on the tape: the op in the low 4 bits, the field number above; then the op's ints.
  private static final int BEGIN = 1; // + length
  private static final int STRING = 2; // + UTF-8 length; ref: the String
  private static final int HEX = 3; // ref: the hex String
  private static final int ID = 4; // num: the id
  private static final int VARINT_FIELD = 5; // num: the value
  private static final int FIXED64_FIELD = 6; // num: the bits
  private static final int KV_STRING = 7; // + key length + value length; refs: key, value
  private static final int KV_VARINT = 8; // + key length; ref: key; num: value
  private static final int KV_FIXED64 = 9; // + key length; ref: key; num: the bits

  /**
   * The tape arrays and string scratch of the last request on this thread, for the next: a 512-span batch
   * records some 40,000 ints, 20,000 strings and 3,000 numbers, which would otherwise be most of what an
   * encode allocates besides the request itself.
   */
  private static final ThreadLocal<ProtoWriter> SPARE = new ThreadLocal<>();
  private static final int SPARE_MAX = 1 << 20;

  private int[] ops;
  private int opCount;
  private Object[] refs;
  private int refCount;
  private long[] nums;
  private int numCount;
  private final Utf8.Scratch scratch;

  /** Bytes counted so far. */
  private int size;
  /** For each open message, where its body starts and the tape index of its length. */
  private int[] open = new int[16];
  private int depth;

  private byte[] buf;
  private int pos;

  ProtoWriter() {
    ProtoWriter spare = SPARE.get();
    if (spare != null) {
      SPARE.remove(); // taken, so a nested request on this thread cannot share it
      ops = spare.ops;
      refs = spare.refs;
      nums = spare.nums;
      scratch = spare.scratch;
    } else {
      ops = new int[256];
      refs = new Object[128];
      nums = new long[32];
      scratch = new Utf8.Scratch();
    }
  }

  /** Starts a nested message in field {@code field}; close it with {@link #end()}. */
  void begin(int field) {
    size += tagSize(field);
    op(BEGIN, field);
    if (depth * 2 == open.length) {
      open = Arrays.copyOf(open, open.length * 2);
    }
    open[depth * 2] = size;
    open[depth * 2 + 1] = opCount;
    ops[opCount++] = 0; // the length, once end() knows it
    depth++;
  }

  /** Ends the innermost message started with {@link #begin}. */
  void end() {
    depth--;
    int length = size - open[depth * 2];
    ops[open[depth * 2 + 1]] = length;
    size += varintSize(length);
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
    int length = Utf8.length(value, scratch);
    op(STRING, field);
    ops[opCount++] = length;
    ref(value);
    size += tagSize(field) + varintSize(length) + length;
  }

  /**
   * A KeyValue message in field {@code field} whose AnyValue holds a string: the same bytes as
   * {@code begin(field); string(1, key); begin(2); stringAlways(1, value); end(); end()}, in one op whose
   * message lengths follow from the two string lengths.
   */
  void keyValue(int field, String key, String value) {
    int k = Utf8.length(key, scratch);
    int v = Utf8.length(value, scratch);
    op(KV_STRING, field);
    ops[opCount++] = k;
    ops[opCount++] = v;
    ref(key);
    ref(value);
    int kv = keyValueLength(k, 1 + varintSize(v) + v);
    size += tagSize(field) + varintSize(kv) + kv;
  }

  /** A KeyValue whose AnyValue holds {@code value} as int_value (3, varint) or, if {@code fixed}, double_value (4). */
  void keyValue(int field, String key, long value, boolean fixed) {
    int k = Utf8.length(key, scratch);
    op(fixed ? KV_FIXED64 : KV_VARINT, field);
    ops[opCount++] = k;
    ref(key);
    num(value);
    int kv = keyValueLength(k, 1 + (fixed ? 8 : varintSize(value)));
    size += tagSize(field) + varintSize(kv) + kv;
  }

  /**
   * A bytes field holding the bytes that the lowercase hex {@code hex} spells (a trace or span id), decoded
   * straight into the output. The caller has checked that it is hex of even length.
   */
  void hexBytes(int field, String hex) {
    int length = hex.length() / 2;
    op(HEX, field);
    ref(hex);
    size += tagSize(field) + varintSize(length) + length;
  }

  /** A bytes field of the 8 bytes of {@code id}, most significant first: a span id as its hex spells it. */
  void idBytes(int field, long id) {
    op(ID, field);
    num(id);
    size += tagSize(field) + 1 + 8;
  }

  /** A varint field (int64, uint32, bool or enum), omitted when 0 unless {@code always}. */
  void varintField(int field, long value, boolean always) {
    if (value != 0 || always) {
      op(VARINT_FIELD, field);
      num(value);
      size += tagSize(field) + varintSize(value);
    }
  }

  /** A fixed64 or double field, omitted when 0 unless {@code always}. */
  void fixed64Field(int field, long value, boolean always) {
    if (value != 0 || always) {
      op(FIXED64_FIELD, field);
      num(value);
      size += tagSize(field) + 8;
    }
  }

  /** The encoded bytes: the tape written into an array of exactly the counted size. */
  byte[] toByteArray() {
    if (depth != 0) {
      throw new IllegalStateException(depth + " nested messages left open");
    }
    buf = new byte[size];
    replay();
    if (pos != size) {
      throw new IllegalStateException("wrote " + pos + " bytes of " + size + " counted"); // a bug here, not in the data
    }
    byte[] request = buf;
    buf = null;
    Arrays.fill(refs, 0, refCount, null); // the spare must not keep a batch's strings alive
    if (ops.length <= SPARE_MAX && refs.length <= SPARE_MAX) {
      SPARE.set(this);
    }
    return request;
  }

  private void replay() {
    int r = 0;
    int n = 0;
    for (int i = 0; i < opCount; ) {
      int op = ops[i] & 0xF;
      int field = ops[i] >>> 4;
      i++;
      switch (op) {
        case BEGIN -> {
          tag(field, LEN);
          varint(ops[i++]);
        }
        case STRING -> {
          int length = ops[i++];
          tag(field, LEN);
          varint(length);
          utf8((String) refs[r++], length);
        }
        case HEX -> {
          String hex = (String) refs[r++];
          int length = hex.length() / 2;
          tag(field, LEN);
          varint(length);
          for (int b = 0; b < length; b++) {
            buf[pos++] = (byte) Hex.parseByte(hex, 2 * b);
          }
        }
        case ID -> {
          long id = nums[n++];
          tag(field, LEN);
          buf[pos++] = 8;
          for (int shift = 56; shift >= 0; shift -= 8) {
            buf[pos++] = (byte) (id >>> shift);
          }
        }
        case VARINT_FIELD -> {
          tag(field, VARINT);
          varint(nums[n++]);
        }
        case FIXED64_FIELD -> {
          tag(field, FIXED64);
          fixed64(nums[n++]);
        }
        case KV_STRING -> {
          int k = ops[i++];
          int v = ops[i++];
          keyValueHead(field, (String) refs[r++], k, 1 + varintSize(v) + v);
          buf[pos++] = (1 << 3) | LEN; // AnyValue.string_value
          varint(v);
          utf8((String) refs[r++], v);
        }
        case KV_VARINT -> {
          long value = nums[n++];
          keyValueHead(field, (String) refs[r++], ops[i++], 1 + varintSize(value));
          buf[pos++] = (3 << 3) | VARINT; // AnyValue.int_value
          varint(value);
        }
        case KV_FIXED64 -> {
          keyValueHead(field, (String) refs[r++], ops[i++], 1 + 8);
          buf[pos++] = (4 << 3) | FIXED64; // AnyValue.double_value
          fixed64(nums[n++]);
        }
        default -> throw new IllegalStateException("unknown op " + op);
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
    pos = Utf8.encode(value, length, buf, pos, scratch);
  }

  private void op(int op, int field) {
    if (opCount + 3 > ops.length) {
      ops = Arrays.copyOf(ops, ops.length * 2);
    }
    ops[opCount++] = op | (field << 4);
  }

  private void ref(Object value) {
    if (refCount == refs.length) {
      refs = Arrays.copyOf(refs, refCount * 2);
    }
    refs[refCount++] = value;
  }

  private void num(long value) {
    if (numCount == nums.length) {
      nums = Arrays.copyOf(nums, numCount * 2);
    }
    nums[numCount++] = value;
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
