package dev.agentrace.schema;

import java.security.CodeSource;

/**
 * Fails fast, naming the fix, when the classpath's {@code jackson-annotations} is too old for the Jackson 3
 * databind this module uses. Without it the first schema load dies deep inside databind with
 * {@code NoClassDefFoundError: com/fasterxml/jackson/annotation/JsonSerializeAs}, which names neither the
 * library nor the cure; Spring Boot 3.5's dependency management (jackson-annotations 2.19) is the usual cause.
 * Called before any class that touches databind is loaded. Thread-safe.
 */
final class JacksonCheck {
  /** Added in jackson-annotations 2.20; databind 3.x loads it when it builds a mapper. */
  static final String NEEDED = "com.fasterxml.jackson.annotation.JsonSerializeAs";
  private static final String PRESENT = "com.fasterxml.jackson.annotation.JsonProperty";

  /** Written once true by whichever thread checks first; a race only repeats the check. */
  private static volatile boolean passed;

  private JacksonCheck() {}

  /**
   * Returns when databind can run here.
   *
   * @throws IllegalStateException naming the jackson-annotations found and how to get 2.21
   */
  static void require() {
    if (passed) {
      return;
    }
    ClassLoader loader = JacksonCheck.class.getClassLoader();
    try {
      Class.forName(NEEDED, false, loader);
      passed = true;
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException("agentrace-schema needs com.fasterxml.jackson.core:jackson-annotations 2.21 "
          + "or newer (its Jackson 3 databind loads " + NEEDED + "), but the classpath has " + found(loader)
          + ". Spring Boot 3.5 manages jackson-annotations to 2.19: import dev.agentrace:agentrace-bom before "
          + "spring-boot-dependencies, or, with spring-boot-starter-parent, manage jackson-annotations 2.21 in your "
          + "own <dependencyManagement> (docs/activity-schema.md, \"With Spring Boot\").", e);
    }
  }

  private static String found(ClassLoader loader) {
    try {
      Class<?> annotations = Class.forName(PRESENT, false, loader);
      String version = annotations.getPackage() == null ? null : annotations.getPackage().getImplementationVersion();
      CodeSource source = annotations.getProtectionDomain().getCodeSource();
      String where = source == null || source.getLocation() == null ? "" : " from " + source.getLocation();
      return "jackson-annotations " + (version == null ? "(version unknown)" : version) + where;
    } catch (ClassNotFoundException | LinkageError | SecurityException e) {
      return "no jackson-annotations at all";
    }
  }
}
