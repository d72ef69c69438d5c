package dev.agentrace.core.internal;

import java.util.Objects;

/**
 * The checks every configuration builder applies, so a bad value fails the same way wherever it is set:
 * an exception naming the setting and what is allowed. Internal: not API, may change without notice.
 * Stateless and thread-safe.
 */
public final class Checks {
  private Checks() {}

  /**
   * {@code value}, if it has a non-blank character.
   *
   * @throws NullPointerException naming {@code what} if it is null
   * @throws IllegalArgumentException naming {@code what} if it is empty or blank
   */
  public static String requireText(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }

  /**
   * {@code value}, if it is greater than zero.
   *
   * @throws IllegalArgumentException naming {@code what} and the value otherwise
   */
  public static int requirePositive(int value, String what) {
    if (value <= 0) {
      throw new IllegalArgumentException(what + " must be > 0, got " + value);
    }
    return value;
  }
}
