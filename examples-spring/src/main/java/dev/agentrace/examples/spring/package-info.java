/**
 * The Spring Boot example: a support agent on Spring AI with one tool, traced by agentrace-spring-boot-starter
 * from properties alone. Not published.
 */
package dev.agentrace.examples.spring;
