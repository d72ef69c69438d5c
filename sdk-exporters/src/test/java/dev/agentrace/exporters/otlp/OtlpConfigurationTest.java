package dev.agentrace.exporters.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Builder validation and the OpenTelemetry environment variables, parsed from a map rather than the real environment. */
class OtlpConfigurationTest {

  private static OtlpHttpExporter.Builder fromEnv(Map<String, String> env) {
    OtlpHttpExporter.Builder b = OtlpHttpExporter.builder();
    OtlpEnvironment.apply(b, env);
    return b;
  }

  @Test
  void builder_defaults_localCollectorProtobufNoCompression() {
    OtlpHttpExporter.Builder b = OtlpHttpExporter.builder();
    assertThat(b.url.toString()).isEqualTo("http://localhost:4318/v1/traces");
    assertThat(b.json).isFalse();
    assertThat(b.gzip).isFalse();
    assertThat(b.timeout).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void endpoint_baseUrlWithOrWithoutSlash_getsV1TracesAppended() {
    assertThat(OtlpHttpExporter.builder().endpoint("http://collector:4318").url.toString()).isEqualTo("http://collector:4318/v1/traces");
    assertThat(OtlpHttpExporter.builder().endpoint("https://collector/").url.toString()).isEqualTo("https://collector/v1/traces");
    assertThat(OtlpHttpExporter.builder().endpoint("https://cloud.langfuse.com/api/public/otel/v1/traces").url.toString())
        .isEqualTo("https://cloud.langfuse.com/api/public/otel/v1/traces");
  }

  @Test
  void builder_badValues_throwNamingTheSetting() {
    assertThatThrownBy(() -> OtlpHttpExporter.builder().endpoint("localhost:4318"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endpoint").hasMessageContaining("localhost:4318");
    assertThatThrownBy(() -> OtlpHttpExporter.builder().compression("brotli"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("brotli");
    assertThatThrownBy(() -> OtlpHttpExporter.builder().timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
    assertThatThrownBy(() -> OtlpHttpExporter.builder().maxRetryTime(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRetryTime");
    assertThatThrownBy(() -> OtlpHttpExporter.builder().header("Bad Name", "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Bad Name");
  }

  @Test
  void header_valueWithLineBreak_isRejectedWithoutEchoingTheValue() {
    assertThatThrownBy(() -> OtlpHttpExporter.builder().header("Authorization", "Bearer secret\r\nX-Injected: 1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Authorization")
        .message().doesNotContain("secret");
  }

  @Test
  void header_sameNameTwice_lastOneWinsCaseInsensitively() {
    OtlpHttpExporter.Builder b = OtlpHttpExporter.builder().header("authorization", "a").header("Authorization", "b");
    assertThat(b.headers).containsExactly(entry("Authorization", "b"));
  }

  @Test
  void environment_empty_keepsDefaults() {
    OtlpHttpExporter.Builder b = fromEnv(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "  "));
    assertThat(b.url.toString()).isEqualTo("http://localhost:4318/v1/traces");
    assertThat(b.headers).isEmpty();
  }

  @Test
  void environment_genericEndpoint_isABaseUrlEvenWithAPath() {
    assertThat(fromEnv(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")).url.toString())
        .isEqualTo("http://collector:4318/v1/traces");
    assertThat(fromEnv(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "https://cloud.langfuse.com/api/public/otel")).url.toString())
        .isEqualTo("https://cloud.langfuse.com/api/public/otel/v1/traces");
    assertThat(fromEnv(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "https://h/otel/")).url.toString())
        .isEqualTo("https://h/otel/v1/traces");
  }

  @Test
  void environment_tracesEndpoint_isUsedAsIsAndWinsOverGeneric() {
    OtlpHttpExporter.Builder b = fromEnv(Map.of(
        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://generic:4318",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://traces:9999/custom"));
    assertThat(b.url.toString()).isEqualTo("http://traces:9999/custom");
  }

  @Test
  void environment_badEndpoint_namesTheVariable() {
    assertThatThrownBy(() -> fromEnv(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "collector:4318")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
  }

  @Test
  void environment_headers_areTrimmedAndPercentDecodedKeepingPlusAndEquals() {
    OtlpHttpExporter.Builder b = fromEnv(Map.of("OTEL_EXPORTER_OTLP_HEADERS",
        " Authorization = Basic dXNlcjpw+YXNz== , x-tenant=acme%20corp,,x-list=a%2Cb%3Dc "));
    assertThat(b.headers).containsExactly(
        entry("Authorization", "Basic dXNlcjpw+YXNz=="),
        entry("x-tenant", "acme corp"),
        entry("x-list", "a,b=c"));
  }

  @Test
  void environment_tracesHeaders_takePrecedenceOverGeneric() {
    OtlpHttpExporter.Builder b = fromEnv(Map.of(
        "OTEL_EXPORTER_OTLP_HEADERS", "a=1",
        "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "b=2"));
    assertThat(b.headers).containsExactly(entry("b", "2"));
  }

  @Test
  void environment_malformedHeaders_failWithoutShowingValues() {
    assertThatThrownBy(() -> fromEnv(Map.of("OTEL_EXPORTER_OTLP_HEADERS", "ok=1,token-without-equals-sign")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OTEL_EXPORTER_OTLP_HEADERS").hasMessageContaining("entry 2");
    assertThatThrownBy(() -> fromEnv(Map.of("OTEL_EXPORTER_OTLP_HEADERS", "Authorization=secret%zz")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Authorization")
        .message().doesNotContain("secret");
  }

  @Test
  void environment_protocol_jsonProtobufAndGrpc() {
    assertThat(fromEnv(Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json")).json).isTrue();
    assertThat(fromEnv(Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")).json).isFalse();
    assertThat(fromEnv(Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf")).json)
        .isFalse();
    assertThatThrownBy(() -> fromEnv(Map.of("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "grpc")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=grpc is not supported")
        .hasMessageContaining("http/protobuf");
    assertThatThrownBy(() -> fromEnv(Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "thrift")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("thrift");
  }

  @Test
  void environment_compressionAndTimeout_applyWithTracesPrecedence() {
    OtlpHttpExporter.Builder b = fromEnv(Map.of(
        "OTEL_EXPORTER_OTLP_COMPRESSION", "none",
        "OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "gzip",
        "OTEL_EXPORTER_OTLP_TIMEOUT", "2500"));
    assertThat(b.gzip).isTrue();
    assertThat(b.timeout).isEqualTo(Duration.ofMillis(2500));
    assertThatThrownBy(() -> fromEnv(Map.of("OTEL_EXPORTER_OTLP_COMPRESSION", "zstd")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OTEL_EXPORTER_OTLP_COMPRESSION").hasMessageContaining("zstd");
    assertThatThrownBy(() -> fromEnv(Map.of("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "10s")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT").hasMessageContaining("10s");
  }
}
