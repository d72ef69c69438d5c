/**
 * What the packages of sdk-core share with each other: the export worker's view of a span
 * ({@code WorkerSpan}) and the interface of its stages ({@code WorkerStage}), the SDK's event counters
 * ({@code SdkCounters}), warnings logged once per kind ({@code Warnings}), payload capture as bounded JSON
 * ({@code Payloads}), and the shared configuration checks, stack-trace rendering and JSON text helpers.
 *
 * <p>Internal: not API. The classes are public only because the packages that use them differ; they may
 * change or disappear in any release without notice. docs/architecture.md describes the worker seam.
 */
package dev.agentrace.core.internal;
