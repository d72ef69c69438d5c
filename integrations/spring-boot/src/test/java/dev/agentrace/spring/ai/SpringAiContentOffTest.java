package dev.agentrace.spring.ai;

import static dev.agentrace.testing.AgentraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.testing.InMemorySpanExporter;
import dev.agentrace.testing.Trace;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Content capture off, in an application without Spring Boot's observation auto-configuration (as without
 * actuator): the starter defines the registry Spring AI reports to, and the spans carry timing, model and
 * tokens but no prompt, completion or tool arguments.
 */
@SpringBootTest(properties = {
    "agentrace.spring-ai.capture-content=false",
    "spring.autoconfigure.exclude=org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration"})
class SpringAiContentOffTest {
  static final FakeOpenAi OPENAI = SpringAiTracingTest.start();

  @Autowired
  ChatClient.Builder chat;
  @Autowired
  AgentraceSdk sdk;
  @Autowired
  InMemorySpanExporter exporter;
  @Autowired
  ApplicationContext context;

  @DynamicPropertySource
  static void openAi(DynamicPropertyRegistry registry) {
    SpringAiTracingTest.openAi(OPENAI, registry);
  }

  @AfterAll
  static void stop() {
    OPENAI.close();
  }

  @Test
  void chatClientCall_contentOff_spansCarryNoContentButTokens() {
    assertThat(context.getBeanNamesForType(ObservationRegistry.class)).containsExactly("agentraceObservationRegistry");

    String answer = chat.build().prompt().user("Where is order 42?").tools(new SpringAiTracingTest.SupportTools())
        .call().content();

    assertThat(answer).isEqualTo(FakeOpenAi.ANSWER);
    sdk.flush(Duration.ofSeconds(5));
    Trace trace = Trace.of(exporter.spans());
    assertThat(trace).as(trace.toTreeString()).hasRoot("chat_client").hasSpanCount(5);
    for (var span : trace.spans()) {
      assertThat(span.input()).as(span.name()).isNull();
      assertThat(span.output()).as(span.name()).isNull();
    }
    assertThat(trace.findAll("chat " + FakeOpenAi.MODEL).get(1)).hasUsage(71, 12);
  }


  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean
    InMemorySpanExporter exporter() {
      return InMemorySpanExporter.create();
    }
  }
}
