package dev.agentrace.core.data;

/** The result of checking a span against the agent's activity schema. */
public enum ConformanceStatus {
  /** The payload and result match the span type's schemas. */
  CONFORMS,
  /** At least one of them does not; see {@link Conformance#violations()}. */
  VIOLATES,
  /** The span's type has no definition in the schema and the policy flags that. */
  UNDECLARED,
  /** No check ran (no schema, type ignored, payload truncated...); {@link Conformance#reason()} says why. */
  NOT_CHECKED
}
