/**
 * The demo that {@code ./run-demo.sh} runs: a support agent with a scripted model and scripted tools,
 * instrumented the way the README shows, traced live to the console, to a JSONL file and optionally to an
 * OTLP endpoint, followed by a metrics table and a drift report.
 *
 * <p>Not API and not published: {@code SupportAgentDemo} is public only to be the program's entry point.
 */
package dev.agentrace.examples;
