package dev.agentrace.exporters.internal;

/**
 * A property name encoded once, quoted and escaped with its colon, for the names an encoder writes on every
 * record; {@link JsonOut#name(JsonName)} copies it in. Immutable and thread-safe.
 *
 * <p>Internal: not API.
 */
public final class JsonName {
  final byte[] bytes;

  private JsonName(byte[] bytes) {
    this.bytes = bytes;
  }

  /** {@code name} as {@link JsonOut#name(String)} would write it. */
  public static JsonName of(String name) {
    JsonOut out = new JsonOut(64);
    out.quoted(name);
    out.put(':');
    return new JsonName(out.toByteArray());
  }
}
