package dev.agentrace.core.internal;

/** TEMPORARY STUB — replaced by the payload branch. */
public final class Payloads {
  private Payloads() {}

  public static String toJson(Object value, int maxChars) {
    if (value == null) {
      return "null";
    }
    String s = String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\"");
    return "\"" + s + "\"";
  }

  public static boolean isTruncated(String json) {
    return json != null && json.startsWith("{\"$truncated\"");
  }

  public static String stackTrace(Throwable t, int maxFrames) {
    return String.valueOf(t);
  }
}
