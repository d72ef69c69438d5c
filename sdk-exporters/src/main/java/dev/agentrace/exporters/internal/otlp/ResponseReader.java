package dev.agentrace.exporters.internal.otlp;

import dev.agentrace.exporters.internal.Json;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

/**
 * Reads the two messages an OTLP/HTTP server answers with: {@code ExportTraceServiceResponse} on success
 * (for its {@code partial_success}) and {@code google.rpc.Status} on failure (for its message), in either
 * encoding. A body that cannot be read is treated as saying nothing: the HTTP status decides.
 * Stateless and thread-safe.
 *
 * <p>Internal: not API, may change or disappear in any release.
 */
public final class ResponseReader {
  private ResponseReader() {}

  /** ExportTracePartialSuccess: spans the server rejected and why; {@code rejected == 0} with no message = full success. */
  public record PartialSuccess(long rejected, String message) {
    static final PartialSuccess NONE = new PartialSuccess(0, null);
  }

  /** The {@code partial_success} of an ExportTraceServiceResponse body: none (0, no message) if it is empty or unreadable. */
  public static PartialSuccess partialSuccess(byte[] body, boolean json) {
    if (body == null || body.length == 0) {
      return PartialSuccess.NONE;
    }
    try {
      return json ? partialSuccessJson(body) : partialSuccessProto(body);
    } catch (RuntimeException malformed) {
      return PartialSuccess.NONE;
    }
  }

  /** The {@code message} of a google.rpc.Status body, or null. */
  public static String statusMessage(byte[] body, boolean json) {
    if (body == null || body.length == 0) {
      return null;
    }
    try {
      return json ? topLevelString(body, "message") : protoString(body, 2);
    } catch (RuntimeException malformed) {
      return null;
    }
  }

  // ---------------------------------------------------------------- protobuf

  private static PartialSuccess partialSuccessProto(byte[] body) {
    ProtoReader response = new ProtoReader(body, 0, body.length);
    long rejected = 0;
    String message = null;
    while (response.hasMore()) {
      int tag = response.tag();
      if (tag >>> 3 == 1 && (tag & 7) == ProtoWriter.LEN) { // ExportTraceServiceResponse.partial_success
        ProtoReader partial = response.message();
        while (partial.hasMore()) {
          int t = partial.tag();
          if (t >>> 3 == 1 && (t & 7) == ProtoWriter.VARINT) { // rejected_spans
            rejected = partial.varint();
          } else if (t >>> 3 == 2 && (t & 7) == ProtoWriter.LEN) { // error_message
            message = partial.string();
          } else {
            partial.skip(t);
          }
        }
      } else {
        response.skip(tag);
      }
    }
    return new PartialSuccess(rejected, emptyToNull(message));
  }

  private static String protoString(byte[] body, int field) {
    ProtoReader r = new ProtoReader(body, 0, body.length);
    while (r.hasMore()) {
      int tag = r.tag();
      if (tag >>> 3 == field && (tag & 7) == ProtoWriter.LEN) {
        return emptyToNull(r.string());
      }
      r.skip(tag);
    }
    return null;
  }

  /** Just enough of a protobuf reader for two small response messages; throws on malformed input. */
  private static final class ProtoReader {
    private final byte[] buf;
    private int pos;
    private final int limit;

    ProtoReader(byte[] buf, int from, int limit) {
      this.buf = buf;
      this.pos = from;
      this.limit = limit;
    }

    boolean hasMore() {
      return pos < limit;
    }

    int tag() {
      return (int) varint();
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = next();
        v |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("malformed varint");
    }

    ProtoReader message() {
      int length = length();
      ProtoReader sub = new ProtoReader(buf, pos, pos + length);
      pos += length;
      return sub;
    }

    String string() {
      int length = length();
      String s = new String(buf, pos, length, StandardCharsets.UTF_8);
      pos += length;
      return s;
    }

    void skip(int tag) {
      switch (tag & 7) {
        case 0 -> varint();
        case 1 -> advance(8);
        case 2 -> advance(length());
        case 5 -> advance(4);
        default -> throw new IllegalArgumentException("unsupported wire type " + (tag & 7));
      }
    }

    private int length() {
      long length = varint();
      if (length < 0 || length > limit - pos) {
        throw new IllegalArgumentException("length " + length + " past the end");
      }
      return (int) length;
    }

    private void advance(int n) {
      if (n > limit - pos) {
        throw new IllegalArgumentException("field past the end");
      }
      pos += n;
    }

    private byte next() {
      if (pos >= limit) {
        throw new IllegalArgumentException("truncated");
      }
      return buf[pos++];
    }
  }

  // ---------------------------------------------------------------- JSON

  /** Accepts lowerCamelCase and the original snake_case names, as protobuf's JSON parsers do. */
  private static PartialSuccess partialSuccessJson(byte[] body) {
    long rejected = 0;
    String message = null;
    try (JsonParser p = Json.FACTORY.createParser(ObjectReadContext.empty(), body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return PartialSuccess.NONE;
      }
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (("partialSuccess".equals(name) || "partial_success".equals(name)) && value == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String field = p.currentName();
            p.nextToken();
            if ("rejectedSpans".equals(field) || "rejected_spans".equals(field)) {
              // int64 arrives as a string in OTLP/JSON, but servers also send a number.
              rejected = p.getValueAsLong(0);
            } else if ("errorMessage".equals(field) || "error_message".equals(field)) {
              message = p.getValueAsString();
            } else {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
    } catch (JacksonException malformed) {
      return PartialSuccess.NONE;
    }
    return new PartialSuccess(rejected, emptyToNull(message));
  }

  private static String topLevelString(byte[] body, String wanted) {
    try (JsonParser p = Json.FACTORY.createParser(ObjectReadContext.empty(), body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (wanted.equals(name) && value == JsonToken.VALUE_STRING) {
          return emptyToNull(p.getString());
        }
        p.skipChildren();
      }
    } catch (JacksonException malformed) {
      return null;
    }
    return null;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
