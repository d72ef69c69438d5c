package dev.agentrace.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A bad property as a user meets it: a real application start and the failure report Spring Boot prints. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTest {

  @Test
  void run_samplerRatioOutOfRange_reportNamesPropertyAndAllowedValues(CapturedOutput output) {
    SpringApplication app = new SpringApplication(App.class);
    app.setWebApplicationType(WebApplicationType.NONE);

    assertThatThrownBy(() -> app.run("--agentrace.sampler.ratio=1.5", "--spring.ai.openai.api-key=unused"))
        .hasStackTraceContaining("agentrace.sampler.ratio");

    assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START",
        "Invalid value for agentrace.sampler.ratio: '1.5'. Allowed: a number from 0.0 (keep no trace) to 1.0",
        "Set agentrace.sampler.ratio to a number from 0.0");
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {}
}
