package dev.agentrace.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The {@code agentrace} actuator endpoint over HTTP, as an operator reads it, and when it is absent. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.application.name=support-bot", "spring.profiles.active=staging", "agentrace.version=1.4.2",
    "management.endpoints.web.exposure.include=agentrace",
    // Spring AI is on this module's test class path; its OpenAI models need a key to start.
    "spring.ai.openai.api-key=unused"})
class AgentraceEndpointTest {
  @LocalServerPort
  int port;
  @Autowired
  Tracer tracer;
  @Autowired
  AgentraceSdk sdk;

  @Test
  void get_afterSomeSpans_reportsIdentityCountsAndPercentilesPerType() throws Exception {
    for (int i = 0; i < 20; i++) {
      tracer.span("handle_ticket").kind(SpanKind.AGENT).run(() ->
          tracer.span("lookup").kind(SpanKind.TOOL).type("order_lookup").run(() -> Thread.sleep(2)));
    }
    sdk.flush(Duration.ofSeconds(5));

    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/agentrace")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode json = new ObjectMapper().readTree(response.body());
    assertThat(json.at("/sdk/agent").asText()).isEqualTo("support-bot");
    assertThat(json.at("/sdk/version").asText()).isEqualTo("1.4.2");
    assertThat(json.at("/sdk/environment").asText()).isEqualTo("staging");
    assertThat(json.at("/spans/started").asLong()).isGreaterThanOrEqualTo(40);
    assertThat(json.at("/spans/dropped").asLong()).isZero();
    assertThat(json.at("/spans/droppedByReason").isObject()).isTrue();
    JsonNode lookup = null;
    for (JsonNode entry : json.get("metrics")) {
      if (entry.get("type").asText().equals("order_lookup")) {
        lookup = entry;
      }
    }
    assertThat(lookup).as(response.body()).isNotNull();
    assertThat(lookup.get("kind").asText()).isEqualTo("TOOL");
    assertThat(lookup.get("count").asLong()).isGreaterThanOrEqualTo(20);
    assertThat(lookup.at("/latencyMs/p50").asDouble()).isGreaterThanOrEqualTo(2.0);
    assertThat(lookup.at("/latencyMs/p99").asDouble()).isGreaterThanOrEqualTo(lookup.at("/latencyMs/p95").asDouble());
  }

  @Test
  void context_withoutActuator_hasNoEndpointButTheSdk() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AgentraceAutoConfiguration.class,
            AgentraceEndpointAutoConfiguration.class))
        .withPropertyValues("management.endpoints.web.exposure.include=agentrace")
        .withClassLoader(new FilteredClassLoader(Endpoint.class))
        .run(context -> assertThat(context).hasSingleBean(AgentraceSdk.class)
            .doesNotHaveBean(AgentraceEndpoint.class));
  }

  @Test
  void context_endpointExposed_hasEndpoint() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AgentraceAutoConfiguration.class,
            AgentraceEndpointAutoConfiguration.class))
        .withPropertyValues("management.endpoints.web.exposure.include=agentrace")
        .run(context -> assertThat(context).hasSingleBean(AgentraceEndpoint.class));
  }

  @Test
  void context_endpointNotExposed_hasNoEndpoint() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AgentraceAutoConfiguration.class,
            AgentraceEndpointAutoConfiguration.class))
        .run(context -> assertThat(context).hasSingleBean(AgentraceSdk.class).doesNotHaveBean(AgentraceEndpoint.class));
  }

  @Test
  void context_disabled_hasNoEndpoint() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AgentraceAutoConfiguration.class,
            AgentraceEndpointAutoConfiguration.class))
        .withPropertyValues("agentrace.enabled=false", "management.endpoints.web.exposure.include=agentrace")
        .run(context -> assertThat(context).doesNotHaveBean(AgentraceEndpoint.class));
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {}
}
