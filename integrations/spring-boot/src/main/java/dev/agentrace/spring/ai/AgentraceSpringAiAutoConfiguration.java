package dev.agentrace.spring.ai;

import dev.agentrace.api.Tracer;
import dev.agentrace.spring.AgentraceAutoConfiguration;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * With Spring AI (spring-ai-model) and Micrometer's observation API on the class path, turns Spring AI's
 * observations into Agentrace spans; off with {@code agentrace.spring-ai.enabled=false} or
 * {@code agentrace.enabled=false}. Where the application has no {@code ObservationRegistry} (Spring Boot
 * defines one only with actuator), it defines one, so Spring AI reports its calls at all.
 *
 * <p>Runs after Spring Boot's observation auto-configuration (named for Boot 3 and Boot 4), so a registry
 * Boot defines wins over ours.
 */
@AutoConfiguration(after = AgentraceAutoConfiguration.class, afterName = {
    "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration",
    "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"})
@ConditionalOnClass(name = {
    "io.micrometer.observation.ObservationRegistry",
    "org.springframework.ai.chat.observation.ChatModelObservationContext"})
@ConditionalOnProperty(prefix = "agentrace", name = {"enabled", "spring-ai.enabled"}, havingValue = "true",
    matchIfMissing = true)
@ConditionalOnBean(Tracer.class)
public final class AgentraceSpringAiAutoConfiguration {

  @Bean
  static ObservationRegistrar agentraceObservationRegistrar(ObjectProvider<Tracer> tracer, Environment env) {
    // Read from the Environment, not AgentraceProperties: a post processor is created before
    // configuration-properties binding is available to it.
    boolean content = env.getProperty("agentrace.spring-ai.capture-content", Boolean.class, Boolean.TRUE);
    return new ObservationRegistrar(tracer, content, AgentraceSpringAiAutoConfiguration.class.getClassLoader());
  }

  @Bean
  @ConditionalOnMissingBean
  ObservationRegistry agentraceObservationRegistry() {
    return ObservationRegistry.create();
  }
}
