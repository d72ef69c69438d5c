package dev.agentrace.api;

/**
 * What a span represents in an agent run. The kind drives the wire mapping (OpenInference span kind,
 * GenAI operation name) and, unless {@link SpanBuilder#type(String)} says otherwise, the span's
 * activity-schema type, which is the kind's lower-case name.
 */
public enum SpanKind {
  /** One agent run or sub-agent invocation. */
  AGENT,
  /** A call to a language model. */
  LLM,
  /** A tool or function call. */
  TOOL,
  /** A lookup in a retrieval system (vector store, search index). */
  RETRIEVAL,
  /** A call to an embedding model. */
  EMBEDDING,
  /** A reranking step. */
  RERANKER,
  /** An input or output guardrail check. */
  GUARDRAIL,
  /** An evaluation of another step's output. */
  EVALUATOR,
  /** A deterministic sequence of steps (a chain, a workflow node). */
  CHAIN,
  /** Anything else. */
  CUSTOM;

  private final String typeName = name().toLowerCase(java.util.Locale.ROOT);

  /** The default activity-schema type for spans of this kind: the lower-case name, e.g. {@code "tool"}. */
  public String defaultType() {
    return typeName;
  }
}
