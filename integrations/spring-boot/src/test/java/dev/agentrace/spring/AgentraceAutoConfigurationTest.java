package dev.agentrace.spring;

import static dev.agentrace.testing.AgentraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.ConformanceChecker;
import dev.agentrace.core.SpanProcessor;
import dev.agentrace.core.data.Conformance;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.export.SpanExporter;
import dev.agentrace.testing.InMemorySpanExporter;
import dev.agentrace.testing.Trace;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class AgentraceAutoConfigurationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(AgentraceAutoConfiguration.class));

  @TempDir
  Path dir;

  @Test
  void context_noProperties_createsSdkAndTracerNamedAfterTheApplication() {
    runner.withPropertyValues("spring.application.name=support-bot").run(context -> {
      assertThat(context).hasSingleBean(AgentraceSdk.class).hasSingleBean(Tracer.class);
      AgentraceSdk sdk = context.getBean(AgentraceSdk.class);
      assertThat(sdk.agent()).isEqualTo("support-bot");
      assertThat(context.getBean(Tracer.class)).isSameAs(sdk.tracer());
    });
  }

  @Test
  void context_profileAndBuildInfo_setEnvironmentAndVersion() {
    Properties build = new Properties();
    build.setProperty("version", "1.4.2");
    runner.withPropertyValues("spring.application.name=support-bot", "spring.profiles.active=staging,eu")
        .withBean(BuildProperties.class, () -> new BuildProperties(build))
        .run(context -> {
          AgentraceSdk sdk = context.getBean(AgentraceSdk.class);
          assertThat(sdk.environment()).isEqualTo("staging");
          assertThat(sdk.version()).isEqualTo("1.4.2");
        });
  }

  @Test
  void context_explicitIdentity_winsOverApplicationNameProfileAndBuildInfo() {
    Properties build = new Properties();
    build.setProperty("version", "1.4.2");
    runner.withPropertyValues("spring.application.name=support-bot", "spring.profiles.active=staging",
            "agentrace.agent=triage", "agentrace.version=2.0.0", "agentrace.environment=prod")
        .withBean(BuildProperties.class, () -> new BuildProperties(build))
        .run(context -> {
          AgentraceSdk sdk = context.getBean(AgentraceSdk.class);
          assertThat(sdk.agent()).isEqualTo("triage");
          assertThat(sdk.version()).isEqualTo("2.0.0");
          assertThat(sdk.environment()).isEqualTo("prod");
        });
  }

  @Test
  void context_disabled_createsNothing() {
    runner.withPropertyValues("agentrace.enabled=false").run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).doesNotHaveBean(AgentraceSdk.class).doesNotHaveBean(Tracer.class)
          .doesNotHaveBean(AgentraceProperties.class);
    });
  }

  @Test
  void context_userSdk_isUsedAndNotShutDownByTheContext() {
    AgentraceSdk own = AgentraceSdk.builder().agent("own").shutdownHook(false).build();
    try {
      runner.withBean(AgentraceSdk.class, () -> own).run(context -> {
        assertThat(context).hasSingleBean(AgentraceSdk.class);
        assertThat(context.getBean(AgentraceSdk.class)).isSameAs(own);
        assertThat(context.getBean(Tracer.class)).isSameAs(own.tracer());
      });
      assertThat(own.isShutdown()).isFalse();
    } finally {
      own.shutdown(Duration.ofSeconds(1));
    }
  }

  @Test
  void close_userExporterBean_receivesEverySpanFlushedAtShutdown() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    List<SpanData> ended = new CopyOnWriteArrayList<>();
    SpanProcessor processor = new SpanProcessor() {
      @Override
      public void onStart(dev.agentrace.core.ReadableSpan span) {}

      @Override
      public void onEnd(SpanData span) {
        ended.add(span);
      }
    };
    AgentraceSdk[] sdk = new AgentraceSdk[1];
    runner.withPropertyValues("spring.application.name=support-bot")
        .withBean(SpanExporter.class, () -> exporter)
        .withBean(SpanProcessor.class, () -> processor)
        .run(context -> {
          sdk[0] = context.getBean(AgentraceSdk.class);
          Tracer tracer = context.getBean(Tracer.class);
          try (Span run = tracer.span("handle_ticket").kind(SpanKind.AGENT).start()) {
            tracer.span("lookup").kind(SpanKind.TOOL).run(() -> { });
          }
        });
    assertThat(sdk[0].isShutdown()).isTrue();
    assertThat(exporter.spans()).containsSpanNamed("handle_ticket", "lookup");
    assertThat(Trace.of(exporter.spans())).span("lookup").isChildOf("handle_ticket");
    assertThat(ended).extracting(SpanData::name).containsExactlyInAnyOrder("handle_ticket", "lookup");
  }

  @Test
  void close_beanTracingInPreDestroy_spanIsExportedBeforeShutdown() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    runner.withBean(SpanExporter.class, () -> exporter)
        .withBean(TracesOnDestroy.class)
        .run(context -> context.getBean(TracesOnDestroy.class));
    assertThat(exporter.spans()).containsSpanNamed("goodbye");
  }

  @Test
  void close_jsonlPath_writesTheSpansToTheFile() throws IOException {
    Path file = dir.resolve("spans.jsonl");
    runner.withPropertyValues("agentrace.exporter.jsonl.path=" + file).run(context ->
        context.getBean(Tracer.class).span("answer").kind(SpanKind.LLM).run(() -> { }));
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).contains("\"answer\"");
  }

  @Test
  void context_samplerRatioZero_recordsNothing() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    runner.withPropertyValues("agentrace.sampler.ratio=0").withBean(SpanExporter.class, () -> exporter)
        .run(context -> context.getBean(Tracer.class).span("dropped").run(() -> { }));
    assertThat(exporter.spans()).isEmpty();
  }

  @Test
  void context_samplerRatioAboveOne_failsNamingThePropertyAndTheRange() {
    runner.withPropertyValues("agentrace.sampler.ratio=1.5").run(context -> {
      assertThat(context).hasFailed();
      assertThat(invalidProperty(context.getStartupFailure()))
          .hasMessageContaining("agentrace.sampler.ratio")
          .hasMessageContaining("1.5")
          .hasMessageContaining("from 0.0")
          .hasMessageContaining("to 1.0");
    });
  }

  @Test
  void failureAnalyzer_invalidProperty_describesPropertyAndAction() {
    runner.withPropertyValues("agentrace.sampler.ratio=-1").run(context -> {
      FailureAnalysis analysis = new InvalidPropertyFailureAnalyzer().analyze(context.getStartupFailure());
      assertThat(analysis).isNotNull();
      assertThat(analysis.getDescription()).contains("agentrace.sampler.ratio", "-1.0");
      assertThat(analysis.getAction()).startsWith("Set agentrace.sampler.ratio to a number from 0.0");
    });
  }

  @Test
  void context_samplerRatioNotANumber_failsNamingTheProperty() {
    runner.withPropertyValues("agentrace.sampler.ratio=half").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).hasStackTraceContaining("agentrace.sampler.ratio");
    });
  }

  @Test
  void context_otlpEndpointNotAUrl_failsNamingTheProperty() {
    runner.withPropertyValues("agentrace.exporter.otlp.endpoint=localhost:4318").run(context -> {
      assertThat(context).hasFailed();
      assertThat(invalidProperty(context.getStartupFailure()))
          .hasMessageContaining("agentrace.exporter.otlp.endpoint")
          .hasMessageContaining("localhost:4318")
          .hasMessageContaining("http://");
    });
  }

  @Test
  void context_otlpHeadersWithoutEndpoint_failsNamingTheProperty() {
    runner.withPropertyValues("agentrace.exporter.otlp.headers.Authorization=Bearer x").run(context -> {
      assertThat(context).hasFailed();
      assertThat(invalidProperty(context.getStartupFailure()))
          .hasMessageContaining("agentrace.exporter.otlp.headers")
          .hasMessageContaining("agentrace.exporter.otlp.endpoint");
    });
  }

  @Test
  void context_otlpEndpointWithHeaders_startsWithAnOtlpExporter() {
    runner.withPropertyValues("agentrace.exporter.otlp.endpoint=http://127.0.0.1:4318",
            "agentrace.exporter.otlp.headers.Authorization=Bearer token", "agentrace.shutdown-timeout=100ms")
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(AgentraceSdk.class));
  }

  @Test
  void context_schemaOnClasspath_checksSpansAgainstIt() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    runner.withPropertyValues("agentrace.schema.location=classpath:activity-schema.yaml")
        .withBean(SpanExporter.class, () -> exporter)
        .run(context -> {
          Tracer tracer = context.getBean(Tracer.class);
          tracer.span("lookup").kind(SpanKind.TOOL).type("order_lookup").input(java.util.Map.of("orderId", 42))
              .run(() -> { });
        });
    assertThat(exporter.spans()).span("lookup").violates("/orderId");
  }

  @Test
  void context_conformanceCheckerBean_isTheActivitySchemaOverTheLocation() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    ConformanceChecker mine = (type, input, output) -> Conformance.undeclared(type);
    runner.withPropertyValues("agentrace.schema.location=classpath:activity-schema.yaml")
        .withBean(SpanExporter.class, () -> exporter)
        .withBean(ConformanceChecker.class, () -> mine)
        .run(context -> {
          assertThat(context.getBean(AgentraceSdk.class).activitySchema()).isSameAs(mine);
          context.getBean(Tracer.class).span("lookup").type("order_lookup").run(() -> { });
        });
    assertThat(exporter.spans()).span("lookup").isUndeclared();
  }

  @Test
  void context_schemaFromFile_isLoaded() throws IOException {
    Path schema = dir.resolve("schema.json");
    Files.writeString(schema, "{\"types\":{}}");
    runner.withPropertyValues("agentrace.schema.location=file:" + schema)
        .run(context -> assertThat(context.getBean(AgentraceSdk.class).activitySchema()).isNotNull());
  }

  @Test
  void context_schemaMissing_failsNamingThePropertyAndTheForms() {
    runner.withPropertyValues("agentrace.schema.location=classpath:nope.yaml").run(context -> {
      assertThat(context).hasFailed();
      assertThat(invalidProperty(context.getStartupFailure()))
          .hasMessageContaining("agentrace.schema.location")
          .hasMessageContaining("classpath:nope.yaml")
          .hasMessageContaining("file:<path>");
    });
  }

  @Test
  void context_shutdownTimeoutZero_failsNamingTheProperty() {
    runner.withPropertyValues("agentrace.shutdown-timeout=0s").run(context ->
        assertThat(invalidProperty(context.getStartupFailure())).hasMessageContaining("agentrace.shutdown-timeout"));
  }

  @Test
  void metadata_everyProperty_isDescribedForIdes() throws IOException {
    String json;
    try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).isNotNull();
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(json).contains("\"agentrace.agent\"", "\"agentrace.version\"", "\"agentrace.environment\"",
        "\"agentrace.exporter.otlp.endpoint\"", "\"agentrace.exporter.otlp.headers\"",
        "\"agentrace.exporter.jsonl.path\"", "\"agentrace.exporter.console.enabled\"",
        "\"agentrace.sampler.ratio\"", "\"agentrace.schema.location\"", "\"agentrace.enabled\"",
        "\"agentrace.spring-ai.capture-content\"");
  }

  /** The start-up failure's {@link InvalidPropertyException}, wherever Spring wrapped it. */
  private static InvalidPropertyException invalidProperty(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InvalidPropertyException e) {
        return e;
      }
    }
    throw new AssertionError("no InvalidPropertyException in the start-up failure", failure);
  }

  static final class TracesOnDestroy {
    private final Tracer tracer;

    TracesOnDestroy(Tracer tracer) {
      this.tracer = tracer;
    }

    @PreDestroy
    void goodbye() {
      tracer.span("goodbye").run(() -> { });
    }
  }

}
