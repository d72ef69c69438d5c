package dev.agentrace.core.data;

import java.util.List;
import java.util.Objects;

/**
 * A span's activity-schema check: a status, the violations found (capped in number and length), and
 * for {@link ConformanceStatus#NOT_CHECKED} the reason.
 *
 * <p>Immutable and thread-safe.
 */
public final class Conformance {
  private static final Conformance CONFORMS = new Conformance(ConformanceStatus.CONFORMS, List.of(), null);
  private static final Conformance NO_SCHEMA = new Conformance(ConformanceStatus.NOT_CHECKED, List.of(), "no activity schema");

  private final ConformanceStatus status;
  private final List<Violation> violations;
  private final String reason;

  private Conformance(ConformanceStatus status, List<Violation> violations, String reason) {
    this.status = status;
    this.violations = violations;
    this.reason = reason;
  }

  /** The span matched its schemas. */
  public static Conformance conforms() {
    return CONFORMS;
  }

  /** The span did not match; {@code violations} must not be empty. */
  public static Conformance violates(List<Violation> violations) {
    if (violations == null || violations.isEmpty()) {
      throw new IllegalArgumentException("a violation result needs at least one violation");
    }
    return new Conformance(ConformanceStatus.VIOLATES, List.copyOf(violations), null);
  }

  /** The span's type is not declared in the schema. */
  public static Conformance undeclared(String type) {
    return new Conformance(ConformanceStatus.UNDECLARED, List.of(), "type '" + type + "' is not declared in the activity schema");
  }

  /** No check ran, for {@code reason}. */
  public static Conformance notChecked(String reason) {
    if ("no activity schema".equals(reason)) {
      return NO_SCHEMA;
    }
    return new Conformance(ConformanceStatus.NOT_CHECKED, List.of(), Objects.requireNonNull(reason, "reason"));
  }

  /** The outcome. */
  public ConformanceStatus status() {
    return status;
  }

  /** The violations; empty unless {@link ConformanceStatus#VIOLATES}. */
  public List<Violation> violations() {
    return violations;
  }

  /** Why the span was not checked or is undeclared; null otherwise. */
  public String reason() {
    return reason;
  }

  /** Whether the span is flagged for review (violates or undeclared). */
  public boolean isFlagged() {
    return status == ConformanceStatus.VIOLATES || status == ConformanceStatus.UNDECLARED;
  }

  @Override
  public String toString() {
    return switch (status) {
      case CONFORMS -> "CONFORMS";
      case VIOLATES -> "VIOLATES" + violations;
      default -> status + " (" + reason + ")";
    };
  }
}
