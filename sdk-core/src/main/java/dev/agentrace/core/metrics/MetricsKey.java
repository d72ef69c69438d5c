package dev.agentrace.core.metrics;

import dev.agentrace.api.SpanKind;
import java.util.Comparator;
import java.util.Objects;

/**
 * What metrics are kept per: the agent identity stamped on a span (name, version, environment) and the
 * span's kind and activity-schema type. A type is normally used with one kind, so there is one key per
 * type; a type used with two kinds has two keys, and {@link MetricsSnapshot#type(String)} adds them up.
 *
 * <p>Immutable; ordered by agent, version, environment, type, then kind.
 *
 * @param agent the agent name
 * @param version the agent version
 * @param environment the deployment environment
 * @param kind the span kind
 * @param type the span type
 */
public record MetricsKey(String agent, String version, String environment, SpanKind kind, String type)
    implements Comparable<MetricsKey> {
  private static final Comparator<MetricsKey> ORDER = Comparator.comparing(MetricsKey::agent)
      .thenComparing(MetricsKey::version)
      .thenComparing(MetricsKey::environment)
      .thenComparing(MetricsKey::type)
      .thenComparing(MetricsKey::kind);

  /** @throws NullPointerException if any part is null */
  public MetricsKey {
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(type, "type");
  }

  /** Whether this key belongs to the given agent identity. */
  boolean isOf(String agent, String version, String environment) {
    return this.agent.equals(agent) && this.version.equals(version) && this.environment.equals(environment);
  }

  @Override
  public int compareTo(MetricsKey other) {
    return ORDER.compare(this, other);
  }
}
