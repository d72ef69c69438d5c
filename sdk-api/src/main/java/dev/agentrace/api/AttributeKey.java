package dev.agentrace.api;

import java.util.Objects;

/**
 * A typed attribute key. Declare keys once as constants and reuse them: the type travels with the key,
 * so {@code span.attribute(RETRIES, 3L)} cannot record a string by mistake.
 *
 * <p>Instances are immutable and thread-safe; equality is by name and type.
 *
 * @param <T> the value type: {@link String}, {@link Long}, {@link Double} or {@link Boolean}
 */
@SuppressWarnings("UnusedTypeParameter") // T types the value at the call site: attribute(AttributeKey<T>, T)
public final class AttributeKey<T> {
  /** The value types an attribute can hold. */
  public enum Type {
    /** A {@link String} value. */
    STRING,
    /** A {@link Long} value. */
    LONG,
    /** A {@link Double} value. */
    DOUBLE,
    /** A {@link Boolean} value. */
    BOOLEAN
  }

  private final String name;
  private final Type type;

  private AttributeKey(String name, Type type) {
    this.name = Objects.requireNonNull(name, "name");
    this.type = type;
    if (name.isBlank()) {
      throw new IllegalArgumentException("attribute key name must not be blank");
    }
  }

  /** A key for string values. @throws IllegalArgumentException if {@code name} is blank */
  public static AttributeKey<String> stringKey(String name) {
    return new AttributeKey<>(name, Type.STRING);
  }

  /** A key for long values. @throws IllegalArgumentException if {@code name} is blank */
  public static AttributeKey<Long> longKey(String name) {
    return new AttributeKey<>(name, Type.LONG);
  }

  /** A key for double values. @throws IllegalArgumentException if {@code name} is blank */
  public static AttributeKey<Double> doubleKey(String name) {
    return new AttributeKey<>(name, Type.DOUBLE);
  }

  /** A key for boolean values. @throws IllegalArgumentException if {@code name} is blank */
  public static AttributeKey<Boolean> booleanKey(String name) {
    return new AttributeKey<>(name, Type.BOOLEAN);
  }

  /** The attribute name as it appears on the wire. */
  public String name() {
    return name;
  }

  /** The value type. */
  public Type type() {
    return type;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AttributeKey<?> k && k.name.equals(name) && k.type == type;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + type.hashCode();
  }

  @Override
  public String toString() {
    return name + ":" + type;
  }
}
