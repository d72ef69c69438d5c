package dev.agentrace.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/**
 * A classpath whose jackson-annotations lacks what Jackson 3 needs (as under Spring Boot 3.5's 2.19), made
 * by loading this module and its dependencies in a class loader that hides {@code JsonSerializeAs}.
 */
class JacksonCheckTest {

  @Test
  void fromJson_annotationsTooOld_throwsNamingTheFix() throws Exception {
    Throwable thrown = callFromJson(JacksonCheck.NEEDED);

    assertThat(thrown).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("jackson-annotations 2.21 or newer")
        .hasMessageContaining("jackson-annotations ")
        .hasMessageContaining("import dev.agentrace:agentrace-bom before spring-boot-dependencies")
        .hasMessageContaining("docs/activity-schema.md");
  }

  @Test
  void builder_annotationsTooOld_throwsTheSameMessage() throws Exception {
    try (URLClassLoader loader = hiding(JacksonCheck.NEEDED)) {
      Method builder = loader.loadClass(ActivitySchema.class.getName()).getMethod("builder");
      Throwable thrown = catchThrowable(() -> builder.invoke(null));
      assertThat(thrown).isInstanceOf(InvocationTargetException.class);
      assertThat(thrown.getCause()).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("agentrace-schema needs com.fasterxml.jackson.core:jackson-annotations 2.21");
    }
  }

  @Test
  void fromJson_sameLoaderHidingNothing_loads() throws Exception {
    // The harness alone is not what fails: with nothing hidden the same isolated loader parses the schema.
    assertThat(callFromJson("nothing.Hidden")).isNull();
  }

  /** Calls ActivitySchema.fromJson in an isolated loader hiding {@code hidden}; returns what it threw, or null. */
  private static Throwable callFromJson(String hidden) throws Exception {
    try (URLClassLoader loader = hiding(hidden)) {
      Method fromJson = loader.loadClass(ActivitySchema.class.getName()).getMethod("fromJson", String.class);
      try {
        fromJson.invoke(null, "{\"types\": {\"web_search\": {\"payload\": {\"type\": \"string\"}}}}");
        return null;
      } catch (InvocationTargetException e) {
        return e.getCause();
      }
    }
  }

  private static URLClassLoader hiding(String hidden) throws IOException {
    return new URLClassLoader("without-" + hidden, classpath(), ClassLoader.getPlatformClassLoader()) {
      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.equals(hidden)) {
          throw new ClassNotFoundException(name);
        }
        return super.loadClass(name, resolve);
      }
    };
  }

  /** The test JVM's classpath, with surefire's manifest-only jar expanded. */
  private static URL[] classpath() throws IOException {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      urls.add(path.toUri().toURL());
      if (entry.endsWith(".jar") && path.getFileName().toString().startsWith("surefirebooter")) {
        try (JarFile jar = new JarFile(entry)) {
          Manifest manifest = jar.getManifest();
          String cp = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
          if (cp != null) {
            for (String u : cp.trim().split("\\s+")) {
              urls.add(toUrl(u));
            }
          }
        }
      }
    }
    return urls.toArray(new URL[0]);
  }

  private static URL toUrl(String manifestEntry) throws MalformedURLException {
    return URI.create(manifestEntry).toURL();
  }
}
