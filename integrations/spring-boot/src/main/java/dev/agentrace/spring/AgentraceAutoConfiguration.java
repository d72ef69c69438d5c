package dev.agentrace.spring;

import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.ConformanceChecker;
import dev.agentrace.core.Sampler;
import dev.agentrace.core.SpanProcessor;
import dev.agentrace.core.export.SpanExporter;
import dev.agentrace.exporters.console.ConsoleExporter;
import dev.agentrace.exporters.jsonl.JsonlExporter;
import dev.agentrace.exporters.otlp.OtlpHttpExporter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * Creates one {@link AgentraceSdk} and its {@link Tracer} from {@code agentrace.*} properties
 * ({@link AgentraceProperties}) and shuts the SDK down, flushing it, when the application context closes.
 * Every bean backs off when the application defines its own; {@code agentrace.enabled=false} turns the whole
 * starter off. {@link SpanExporter}, {@link SpanProcessor} and {@link ConformanceChecker} beans the
 * application defines are added to the SDK. A property the SDK cannot use fails the start-up with a message
 * naming the property and what it allows.
 *
 * <p>Public so that it can be named in {@code spring.autoconfigure.exclude}; not meant to be used otherwise.
 */
@AutoConfiguration
@ConditionalOnClass(AgentraceSdk.class)
@ConditionalOnProperty(prefix = "agentrace", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(AgentraceProperties.class)
public final class AgentraceAutoConfiguration {

  /** The tracer of whichever {@link AgentraceSdk} the context has, ours or the application's. */
  @Bean
  @ConditionalOnMissingBean
  Tracer agentraceTracer(AgentraceSdk sdk) {
    return sdk.tracer();
  }

  /**
   * The SDK and its shutdown, only when the application defines no SDK of its own (an SDK the application
   * built is the application's to shut down).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingBean(AgentraceSdk.class)
  static final class SdkConfiguration {

    // The context shuts the SDK down (SdkShutdown), so Spring must not infer a destroy method, and the
    // SDK's own JVM shutdown hook stays off: Spring's hook closes the context.
    @Bean(destroyMethod = "")
    AgentraceSdk agentraceSdk(AgentraceProperties properties, Environment environment,
        ObjectProvider<BuildProperties> build, ObjectProvider<SpanExporter> exporters,
        ObjectProvider<SpanProcessor> processors, ObjectProvider<ConformanceChecker> checkers,
        ResourceLoader resources) {
      AgentraceSdk.Builder builder = AgentraceSdk.builder().shutdownHook(false);
      String agent = firstSet(properties.getAgent(), environment.getProperty("spring.application.name"));
      if (agent != null) {
        builder.agent(agent);
      }
      BuildProperties info = build.getIfAvailable();
      String version = firstSet(properties.getVersion(), info == null ? null : info.getVersion());
      if (version != null) {
        builder.version(version);
      }
      String[] profiles = environment.getActiveProfiles();
      String env = firstSet(properties.getEnvironment(), profiles.length > 0 ? profiles[0] : null);
      if (env != null) {
        builder.environment(env);
      }
      builder.sampler(sampler(properties.getSampler().getRatio()));
      shutdownTimeout(properties.getShutdownTimeout());
      configureExporters(builder, properties.getExporter());
      exporters.orderedStream().forEach(builder::exporter);
      processors.orderedStream().forEach(builder::processor);
      ConformanceChecker checker = checkers.getIfUnique();
      if (checker != null) {
        builder.activitySchema(checker);
      } else if (isSet(properties.getSchema().getLocation())) {
        builder.activitySchema(schema(properties.getSchema().getLocation(), resources));
      }
      return builder.build();
    }

    @Bean
    SdkShutdown agentraceSdkShutdown(AgentraceSdk agentraceSdk, AgentraceProperties properties,
        ConfigurableListableBeanFactory beans) {
      // Destroying this bean first destroys the SDK bean's dependents (the tracer and every bean that uses
      // it or the SDK), so their @PreDestroy spans are still exported before the SDK shuts down.
      beans.registerDependentBean("agentraceSdkShutdown", "agentraceSdk");
      return new SdkShutdown(agentraceSdk, properties.getShutdownTimeout());
    }
  }

  /** Shuts the SDK down, exporting what is buffered, when the context closes. */
  static final class SdkShutdown implements DisposableBean {
    private final AgentraceSdk sdk;
    private final Duration timeout;

    SdkShutdown(AgentraceSdk sdk, Duration timeout) {
      this.sdk = sdk;
      this.timeout = timeout;
    }

    @Override
    public void destroy() {
      sdk.shutdown(timeout);
    }
  }

  static Sampler sampler(double ratio) {
    if (!(ratio >= 0.0 && ratio <= 1.0)) {
      throw new InvalidPropertyException("agentrace.sampler.ratio", ratio,
          "a number from 0.0 (keep no trace) to 1.0 (keep every trace)", null);
    }
    return ratio == 1.0 ? Sampler.alwaysOn() : Sampler.ratio(ratio);
  }

  static void shutdownTimeout(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new InvalidPropertyException("agentrace.shutdown-timeout", timeout,
          "a positive duration such as 5s or 500ms", null);
    }
  }

  private static void configureExporters(AgentraceSdk.Builder builder, AgentraceProperties.Exporter exporter) {
    AgentraceProperties.Otlp otlp = exporter.getOtlp();
    if (isSet(otlp.getEndpoint())) {
      try {
        OtlpHttpExporter.Builder b = OtlpHttpExporter.builder().endpoint(otlp.getEndpoint());
        for (Map.Entry<String, String> h : otlp.getHeaders().entrySet()) {
          b.header(h.getKey(), h.getValue());
        }
        builder.exporter(b.build());
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new InvalidPropertyException("agentrace.exporter.otlp.endpoint", otlp.getEndpoint(),
            "an http:// or https:// URL such as http://localhost:4318, with agentrace.exporter.otlp.headers.<name>"
                + " holding valid HTTP header names and values", e);
      }
    } else if (!otlp.getHeaders().isEmpty()) {
      throw new InvalidPropertyException("agentrace.exporter.otlp.headers", otlp.getHeaders().keySet(),
          "headers only together with agentrace.exporter.otlp.endpoint", null);
    }
    String jsonl = exporter.getJsonl().getPath();
    if (isSet(jsonl)) {
      try {
        builder.exporter(JsonlExporter.create(Path.of(jsonl)));
      } catch (IllegalArgumentException | UncheckedIOException e) { // InvalidPathException included
        throw new InvalidPropertyException("agentrace.exporter.jsonl.path", jsonl,
            "a path to a file the application can create or append to", e);
      }
    }
    if (exporter.getConsole().isEnabled()) {
      builder.exporter(ConsoleExporter.create());
    }
  }

  private static ConformanceChecker schema(String location, ResourceLoader resources) {
    if (!ClassUtils.isPresent("dev.agentrace.schema.ActivitySchema", AgentraceAutoConfiguration.class.getClassLoader())) {
      throw new InvalidPropertyException(SchemaLocations.PROPERTY, location,
          "a schema location only with dev.agentrace:agentrace-schema on the class path (add the dependency)", null);
    }
    return SchemaLocations.load(location, resources);
  }

  private static String firstSet(String a, String b) {
    return isSet(a) ? a : isSet(b) ? b : null;
  }

  private static boolean isSet(String s) {
    return s != null && !s.isBlank();
  }
}
