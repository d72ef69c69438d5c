package dev.agentrace.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;
import org.junit.jupiter.api.Test;

/** Each test run proves the OpenTelemetry version it claims: the build's, or the oldest supported. */
class OtelVersionTest {
  @Test
  void sdkOnClasspath_isTheVersionThisRunProves() {
    assertThat(Resource.getDefault().getAttribute(AttributeKey.stringKey("telemetry.sdk.version")))
        .isEqualTo(System.getProperty("otel.expected.version"));
  }
}
