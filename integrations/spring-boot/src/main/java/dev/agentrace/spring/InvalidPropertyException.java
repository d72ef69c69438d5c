package dev.agentrace.spring;

/**
 * An {@code agentrace.*} property whose value the starter cannot use. The message names the property, the
 * value and what is allowed; {@link InvalidPropertyFailureAnalyzer} turns it into Spring Boot's start-up
 * failure report.
 */
final class InvalidPropertyException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String property;
  private final String allowed;

  InvalidPropertyException(String property, Object value, String allowed, Throwable cause) {
    super("Invalid value for " + property + ": '" + value + "'. Allowed: " + allowed
        + (cause == null ? "" : " (" + cause.getMessage() + ")"), cause);
    this.property = property;
    this.allowed = allowed;
  }

  String property() {
    return property;
  }

  String allowed() {
    return allowed;
  }
}
