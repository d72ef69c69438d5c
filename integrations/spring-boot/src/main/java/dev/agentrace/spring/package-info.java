/**
 * The Spring Boot starter: {@link dev.agentrace.spring.AgentraceAutoConfiguration} builds one
 * {@code AgentraceSdk} and its {@code Tracer} from {@link dev.agentrace.spring.AgentraceProperties}
 * ({@code agentrace.*}), {@link dev.agentrace.spring.AgentraceEndpointAutoConfiguration} adds the
 * {@link dev.agentrace.spring.AgentraceEndpoint} actuator endpoint, and {@code dev.agentrace.spring.ai}
 * turns Spring AI's observations into spans. Spring Boot 3.5+ and 4.0; Spring AI 1.1+ (optional).
 */
package dev.agentrace.spring;
