package dev.agentrace.core.data;

/** How sensitive the data found in a span's payloads is, in increasing order. */
public enum RiskLevel {
  /** Nothing detected. */
  NONE,
  /** Low risk. */
  LOW,
  /** Medium risk. */
  MEDIUM,
  /** High risk. */
  HIGH,
  /** Critical: credentials or keys. */
  CRITICAL
}
