package dev.agentrace.spring;

import dev.agentrace.core.AgentraceSdk;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@link AgentraceEndpoint} when Spring Boot actuator is present and the endpoint is available
 * ({@code management.endpoints.web.exposure.include=agentrace} exposes it over HTTP). Public so that it can
 * be named in {@code spring.autoconfigure.exclude}.
 */
@AutoConfiguration(after = AgentraceAutoConfiguration.class)
@ConditionalOnClass(name = {
    "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
    "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint"})
@ConditionalOnBean(AgentraceSdk.class)
@ConditionalOnAvailableEndpoint(endpoint = AgentraceEndpoint.class)
public final class AgentraceEndpointAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  AgentraceEndpoint agentraceEndpoint(AgentraceSdk sdk) {
    return new AgentraceEndpoint(sdk);
  }
}
