/**
 * Risk scanning and redaction: the export worker scans every span's payloads, attribute values, event
 * attributes and status message for personal and financial data and credentials, rates the span and
 * replaces what the redaction policy names with a marker before any exporter sees it.
 *
 * <p>API: {@link dev.agentrace.core.risk.RiskProfile} (what each category found weighs),
 * {@link dev.agentrace.core.risk.Redaction} (what is replaced) and
 * {@link dev.agentrace.core.risk.DataCategory}. {@code RiskStage}, the worker's risk step, is public only so
 * that the SDK can build it; it is not API and may change in any release. The scanner (the JSON and text
 * walk) and its detectors are package-private.
 */
package dev.agentrace.core.risk;
