/**
 * Spans from LangChain4j: {@link dev.agentrace.langchain4j.AgentraceLangChain4j} gives the listeners and the
 * tool hooks that turn an AI service call into an AGENT span with its model calls (LLM), tool executions
 * (TOOL), guardrails (GUARDRAIL), retrievals (RETRIEVAL) and embedding calls (EMBEDDING) beneath it.
 *
 * <p>Everything but the entry point is package-private: the listeners are LangChain4j's own interfaces, so
 * users never name our classes. LangChain4j calls listeners on other threads for streaming and concurrent
 * tools; the classes here carry the parent span explicitly rather than rely on the thread's current span.
 */
package dev.agentrace.langchain4j;
