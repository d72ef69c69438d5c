/**
 * The demo that {@code ./run-demo.sh} runs: a support agent with a scripted model and scripted tools,
 * instrumented the way the README shows, traced live to the console, to a JSONL file and optionally to an
 * OTLP endpoint, followed by a metrics table and a drift report; and the LangChain4j order-desk agent that
 * {@code ./run-demo.sh --langchain4j} runs (a real {@code AiServices} proxy with tools, a retriever and a
 * guardrail, traced by {@code agentrace-langchain4j}).
 *
 * <p>Not API and not published: {@code SupportAgentDemo} and {@code LangChain4jAgentDemo} are public only to be
 * the programs' entry points, {@code OrderDesk} only because LangChain4j calls its {@code @Tool} methods.
 */
package dev.agentrace.examples;
