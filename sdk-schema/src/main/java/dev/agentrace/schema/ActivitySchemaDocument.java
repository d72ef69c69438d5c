package dev.agentrace.schema;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads an activity schema document (JSON or YAML, the format docs/activity-schema.md describes) into an
 * {@link ActivitySchema}. Unknown keys are errors rather than ignored, so a misspelt {@code "reslut"}
 * fails configuration instead of silently checking nothing. Stateless and thread-safe.
 */
final class ActivitySchemaDocument {
  private static final YAMLMapper YAML = YAMLMapper.builder().build();
  private static final Set<String> TOP_KEYS = Set.of("agent", "description", "undeclared", "maxViolations", "maxMessageLength", "types");
  private static final Set<String> TYPE_KEYS = Set.of("description", "payload", "result");

  private ActivitySchemaDocument() {}

  /**
   * @param source names the document in error messages (a path, a resource, or "(JSON text)")
   * @throws IllegalArgumentException starting with "Activity schema {source}: " and naming the error
   */
  static ActivitySchema parse(String text, boolean yaml, String source) {
    JsonNode root;
    try {
      root = yaml ? YAML.readTree(text) : CompiledSchema.JSON.readTree(text);
    } catch (JacksonException e) {
      throw fail(source, "not valid " + (yaml ? "YAML" : "JSON") + ": " + CompiledSchema.describe(e), e);
    }
    try {
      return read(root);
    } catch (IllegalArgumentException e) {
      throw fail(source, e.getMessage(), e);
    }
  }

  private static ActivitySchema read(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("the document must be an object with \"types\", got "
          + (root == null || root.isMissingNode() ? "nothing" : kind(root)));
    }
    checkKeys(root, TOP_KEYS, "top-level key");
    ActivitySchema.Builder b = ActivitySchema.builder();
    JsonNode agent = root.get("agent");
    if (agent != null) {
      b.agent(requireString(agent, "\"agent\""));
    }
    JsonNode undeclared = root.get("undeclared");
    if (undeclared != null) {
      String v = requireString(undeclared, "\"undeclared\"");
      switch (v.toLowerCase(Locale.ROOT)) {
        case "flag" -> b.undeclaredTypes(ActivitySchema.UndeclaredPolicy.FLAG);
        case "ignore" -> b.undeclaredTypes(ActivitySchema.UndeclaredPolicy.IGNORE);
        default -> throw new IllegalArgumentException("\"undeclared\" must be \"flag\" or \"ignore\", got \"" + v + "\"");
      }
    }
    JsonNode maxViolations = root.get("maxViolations");
    if (maxViolations != null) {
      b.maxViolations(requireInt(maxViolations, "maxViolations"));
    }
    JsonNode maxMessageLength = root.get("maxMessageLength");
    if (maxMessageLength != null) {
      b.maxMessageLength(requireInt(maxMessageLength, "maxMessageLength"));
    }
    JsonNode types = root.get("types");
    if (types == null || !types.isObject()) {
      throw new IllegalArgumentException("\"types\" must be an object mapping span types to {\"payload\": schema, \"result\": schema}, got "
          + (types == null ? "nothing" : kind(types)));
    }
    for (Map.Entry<String, JsonNode> e : types.properties()) {
      String type = e.getKey();
      JsonNode def = e.getValue();
      if (!def.isObject()) {
        throw new IllegalArgumentException("span type '" + type + "' must be an object with \"payload\" and/or \"result\", got " + kind(def));
      }
      checkKeys(def, TYPE_KEYS, "key in span type '" + type + "'");
      b.typeTrees(type, def.get("payload"), def.get("result"));
    }
    return b.build();
  }

  private static void checkKeys(JsonNode object, Set<String> allowed, String what) {
    for (Iterator<String> names = object.propertyNames().iterator(); names.hasNext();) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new IllegalArgumentException("unknown " + what + " \"" + name + "\"; allowed: " + String.join(", ", allowed.stream().sorted().toList()));
      }
    }
  }

  private static String requireString(JsonNode node, String what) {
    if (!node.isString()) {
      throw new IllegalArgumentException(what + " must be a string, got " + kind(node));
    }
    return node.asString();
  }

  private static int requireInt(JsonNode node, String what) {
    if (!node.isInt()) {
      throw new IllegalArgumentException("\"" + what + "\" must be an integer, got " + node);
    }
    return node.intValue();
  }

  private static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static IllegalArgumentException fail(String source, String message, Exception cause) {
    return new IllegalArgumentException("Activity schema " + source + ": " + message, cause);
  }
}
