package dev.agentrace.spring;

import dev.agentrace.core.ConformanceChecker;
import dev.agentrace.schema.ActivitySchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Loads {@code agentrace.schema.location}. A class of its own so that agentrace-schema (optional) is only
 * loaded when the property is set and the module is present.
 */
final class SchemaLocations {
  static final String PROPERTY = "agentrace.schema.location";
  private static final String ALLOWED =
      "a readable JSON or YAML activity schema, as classpath:<resource> or file:<path>";

  private SchemaLocations() {}

  static ConformanceChecker load(String location, ResourceLoader loader) {
    Resource resource = loader.getResource(location);
    if (!resource.exists()) {
      throw new InvalidPropertyException(PROPERTY, location, ALLOWED, null);
    }
    String text;
    try (InputStream in = resource.getInputStream()) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidPropertyException(PROPERTY, location, ALLOWED, e);
    }
    String name = location.toLowerCase(Locale.ROOT);
    try {
      return name.endsWith(".yaml") || name.endsWith(".yml")
          ? ActivitySchema.fromYaml(text)
          : ActivitySchema.fromJson(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidPropertyException(PROPERTY, location, ALLOWED, e);
    }
  }
}
