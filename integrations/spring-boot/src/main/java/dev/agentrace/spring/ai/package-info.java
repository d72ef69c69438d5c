/**
 * Spring AI's Micrometer observations as Agentrace spans: a handler added to the application's
 * {@code ObservationRegistry} maps each observation context (chat client, advisor, chat model, tool call,
 * embedding, vector store) to a span of the matching kind that starts and ends with the observation. Loaded
 * only when Spring AI is on the class path; each mapping only when its Spring AI module is.
 */
package dev.agentrace.spring.ai;
