package dev.agentrace.spring.ai;

import dev.agentrace.api.Tracer;
import io.micrometer.observation.ObservationRegistry;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Adds {@link ObservationSpans} to every {@link ObservationRegistry} bean as it is initialised. A bean post
 * processor rather than an {@code ObservationHandler} bean or a registry customizer: Spring Boot 3 and 4 keep
 * those in different packages and register handler beans only when actuator is present, while this works
 * the same on both, with or without actuator.
 */
final class ObservationRegistrar implements BeanPostProcessor {
  private final ObjectProvider<Tracer> tracer;
  private final boolean content;
  private final ClassLoader loader;

  ObservationRegistrar(ObjectProvider<Tracer> tracer, boolean content, ClassLoader loader) {
    this.tracer = tracer;
    this.content = content;
    this.loader = loader;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    // Not isNoop(): a registry with no handler yet counts as no-op, and adding ours is what makes it record.
    if (bean instanceof ObservationRegistry registry && registry != ObservationRegistry.NOOP) {
      registry.observationConfig().observationHandler(
          new ObservationSpans(new LazyTracer(tracer), SpanMappings.available(loader), content));
    }
    return bean;
  }

  /**
   * The tracer, looked up at the first observation: resolving it while post-processing the registry would
   * create the SDK before the beans it collects (user exporters, processors) may be ready.
   */
  private static final class LazyTracer implements Supplier<Tracer> {
    private final ObjectProvider<Tracer> provider;
    private volatile Tracer tracer;

    LazyTracer(ObjectProvider<Tracer> provider) {
      this.provider = provider;
    }

    @Override
    public Tracer get() {
      Tracer t = tracer;
      if (t == null) {
        t = provider.getObject();
        tracer = t;
      }
      return t;
    }
  }
}
