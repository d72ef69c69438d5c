package dev.agentrace.schema;

import com.networknt.schema.SchemaRegistry;
import dev.agentrace.core.ConformanceChecker;
import dev.agentrace.core.data.Conformance;
import dev.agentrace.core.data.ConformanceStatus;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.data.Violation;
import dev.agentrace.core.internal.Payloads;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * An agent's activity schema: for each span type ({@code web_search}, {@code read_file}, {@code llm},
 * ...), a JSON Schema for its payload (the span's input) and one for its result (the span's output).
 * The SDK checks every ended span against the schema on its export worker and records the outcome as
 * {@link SpanData#conformance()}; a span that does not match is still recorded and exported, flagged.
 *
 * <p>Schemas are JSON Schema draft 2020-12 (or the draft a schema's {@code $schema} names), with
 * {@code format} asserted. Each is checked against its meta-schema and compiled once, when the
 * activity schema is built or loaded; an invalid one fails right there with an
 * {@link IllegalArgumentException} naming the span type, the part ({@code payload} or {@code result})
 * and the schema error. Remote {@code $ref}s are not fetched.
 *
 * <p>Every way in ({@link #builder()} and the loaders) first checks that the classpath's
 * {@code jackson-annotations} is new enough for Jackson 3 (2.21+; Spring Boot 3.5 manages 2.19) and throws an
 * {@link IllegalStateException} saying how to fix the build when it is not.
 *
 * <p>Built in code with {@link #builder()}, or loaded from one JSON or YAML document describing the
 * whole agent ({@link #load(Path)}, {@link #fromJson(String)}, {@link #fromYaml(String)},
 * {@link #fromResource(String)}):
 *
 * <pre>{@code
 * {
 *   "agent": "support-bot",
 *   "undeclared": "flag",
 *   "types": {
 *     "web_search": {
 *       "payload": {"type": "object", "required": ["query"], "properties": {"query": {"type": "string"}}},
 *       "result":  {"type": "array"}
 *     },
 *     "llm": {"payload": {"type": "array"}}
 *   }
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe; one instance may serve any number of SDKs and threads.
 */
public final class ActivitySchema implements ConformanceChecker {
  /** Default for {@link Builder#maxViolations(int)}. */
  public static final int DEFAULT_MAX_VIOLATIONS = 10;
  /** Default for {@link Builder#maxMessageLength(int)}. */
  public static final int DEFAULT_MAX_MESSAGE_LENGTH = 200;

  /** What a span whose type has no definition in the schema becomes. */
  public enum UndeclaredPolicy {
    /**
     * {@link ConformanceStatus#UNDECLARED}, flagged for review: the schema states what the agent does,
     * so activity outside it is worth a look. The default.
     */
    FLAG,
    /** {@link ConformanceStatus#NOT_CHECKED} with the reason "type not declared", for partial schemas. */
    IGNORE
  }

  private static final Conformance TYPE_IGNORED = Conformance.notChecked("type not declared");
  private static final Conformance PAYLOAD_NOT_RECORDED = Conformance.notChecked("payload not recorded");
  private static final Conformance RESULT_NOT_RECORDED = Conformance.notChecked("result not recorded");
  private static final Conformance NOTHING_RECORDED = Conformance.notChecked("payload and result not recorded");
  /**
   * How Payloads records a value whose capture failed (an iterator that threw, a map modified
   * concurrently): a placeholder, not the agent's payload, so checking it would only report noise.
   */
  private static final String CAPTURE_FAILED_PREFIX = "{\"$error\":";
  /** Marks a part with no schema or no recorded value (compared by identity): skipped, nothing to report. */
  private static final String ABSENT = new String("absent");

  private final String agent;
  private final Map<String, TypeRule> types;
  private final UndeclaredPolicy undeclared;
  private final int maxViolations;
  private final int maxMessageLength;

  private ActivitySchema(Builder b) {
    this.agent = b.agent;
    this.types = Collections.unmodifiableMap(new LinkedHashMap<>(b.types));
    this.undeclared = b.undeclared;
    this.maxViolations = b.maxViolations;
    this.maxMessageLength = b.maxMessageLength;
  }

  /** A new, empty builder: no types, undeclared types flagged, default caps. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads a document from a file: YAML if its name ends in {@code .yaml} or {@code .yml}, JSON
   * otherwise.
   *
   * @throws UncheckedIOException naming the path if it cannot be read
   * @throws IllegalArgumentException naming the path and the error if the document is invalid
   */
  public static ActivitySchema load(Path path) {
    Objects.requireNonNull(path, "path");
    JacksonCheck.require();
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read activity schema " + path + ": " + e, e);
    }
    return ActivitySchemaDocument.parse(text, isYaml(path.getFileName() == null ? "" : path.getFileName().toString()), path.toString());
  }

  /**
   * Loads a document from the classpath (context class loader first, then this library's), YAML if
   * its name ends in {@code .yaml} or {@code .yml}, JSON otherwise.
   *
   * @param resource a resource name such as {@code "agent/activity-schema.json"}; a leading slash is ignored
   * @throws IllegalArgumentException if the resource does not exist or the document is invalid
   * @throws UncheckedIOException if the resource cannot be read
   */
  public static ActivitySchema fromResource(String resource) {
    Objects.requireNonNull(resource, "resource");
    JacksonCheck.require();
    String name = resource.startsWith("/") ? resource.substring(1) : resource;
    String source = "classpath:" + name;
    InputStream in = null;
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null) {
      in = context.getResourceAsStream(name);
    }
    if (in == null) {
      in = ActivitySchema.class.getClassLoader().getResourceAsStream(name);
    }
    if (in == null) {
      throw new IllegalArgumentException("Activity schema resource not found: " + source);
    }
    String text;
    try (InputStream stream = in) {
      text = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read activity schema " + source + ": " + e, e);
    }
    return ActivitySchemaDocument.parse(text, isYaml(name), source);
  }

  /**
   * Parses a JSON document.
   *
   * @throws IllegalArgumentException naming the error if the document is invalid
   */
  public static ActivitySchema fromJson(String json) {
    Objects.requireNonNull(json, "json");
    JacksonCheck.require();
    return ActivitySchemaDocument.parse(json, false, "(JSON text)");
  }

  /**
   * Parses a YAML document (the same structure as JSON; schemas may be written in YAML too).
   *
   * @throws IllegalArgumentException naming the error if the document is invalid
   */
  public static ActivitySchema fromYaml(String yaml) {
    Objects.requireNonNull(yaml, "yaml");
    JacksonCheck.require();
    return ActivitySchemaDocument.parse(yaml, true, "(YAML text)");
  }

  private static boolean isYaml(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".yaml") || n.endsWith(".yml");
  }

  /** The agent the document says it describes, or null; informational. */
  public String agent() {
    return agent;
  }

  /** The declared span types, in declaration order. */
  public Set<String> types() {
    return types.keySet();
  }

  /** What spans of undeclared types become. */
  public UndeclaredPolicy undeclaredTypes() {
    return undeclared;
  }

  /**
   * Checks a span's payload and result, as the SDK does on its export worker. Never throws.
   *
   * <ul>
   *   <li>A type without a definition: {@link ConformanceStatus#UNDECLARED} or, under
   *       {@link UndeclaredPolicy#IGNORE}, not checked ("type not declared").
   *   <li>Any violation in either part: {@link ConformanceStatus#VIOLATES}, with at most the
   *       configured number of violations (the first found), messages cut to the configured length.
   *   <li>Otherwise, a part that could not be checked — truncated by the payload limit, a capture
   *       failure placeholder, or not valid JSON — makes the span {@link ConformanceStatus#NOT_CHECKED} with that reason.
   *   <li>A part that was not recorded (null) is skipped; if no part with a schema was recorded the
   *       span is not checked ("payload not recorded", ...). A type declared with neither schema conforms.
   * </ul>
   *
   * @param type the span type
   * @param payloadJson the span's input as JSON text, or null if none was recorded
   * @param resultJson the span's output as JSON text, or null if none was recorded
   */
  @Override
  public Conformance check(String type, String payloadJson, String resultJson) {
    TypeRule rule = type == null ? null : types.get(type);
    if (rule == null) {
      return undeclared == UndeclaredPolicy.FLAG ? Conformance.undeclared(type) : TYPE_IGNORED;
    }
    List<Violation> violations = new ArrayList<>(0);
    String payloadSkip = checkPart(rule.payload, payloadJson, "input", "payload", violations);
    String resultSkip = checkPart(rule.result, resultJson, "output", "result", violations);
    if (!violations.isEmpty()) {
      return Conformance.violates(violations);
    }
    boolean payloadProblem = payloadSkip != null && payloadSkip != ABSENT;
    boolean resultProblem = resultSkip != null && resultSkip != ABSENT;
    if (payloadProblem || resultProblem) {
      return Conformance.notChecked(payloadProblem && resultProblem ? payloadSkip + "; " + resultSkip
          : payloadProblem ? payloadSkip : resultSkip);
    }
    boolean payloadMissed = rule.payload != null && payloadSkip == ABSENT;
    boolean resultMissed = rule.result != null && resultSkip == ABSENT;
    boolean anyChecked = (rule.payload != null && payloadSkip == null) || (rule.result != null && resultSkip == null);
    if (anyChecked || (rule.payload == null && rule.result == null)) {
      return Conformance.conforms();
    }
    return payloadMissed && resultMissed ? NOTHING_RECORDED : payloadMissed ? PAYLOAD_NOT_RECORDED : RESULT_NOT_RECORDED;
  }

  /** Null if the part was checked, {@link #ABSENT} if there was nothing to check, else why it was not. */
  private String checkPart(CompiledSchema schema, String json, String part, String partName, List<Violation> out) {
    if (schema == null || json == null) {
      return ABSENT;
    }
    if (Payloads.isTruncated(json)) {
      return partName + " truncated";
    }
    if (json.startsWith(CAPTURE_FAILED_PREFIX)) {
      return partName + " could not be captured";
    }
    JsonNode instance;
    try {
      instance = CompiledSchema.JSON.readTree(json);
    } catch (JacksonException e) {
      return partName + " is not valid JSON";
    }
    if (instance == null || instance.isMissingNode()) {
      return partName + " is not valid JSON";
    }
    try {
      schema.validate(instance, part, out, maxViolations, maxMessageLength);
      return null;
    } catch (RuntimeException | StackOverflowError e) {
      // A pathological schema/payload pair (a $ref cycle, an evaluation limit) must not cost the span.
      return partName + " could not be validated: " + CompiledSchema.cap(String.valueOf(e), maxMessageLength);
    }
  }

  @Override
  public String toString() {
    return "ActivitySchema{agent=" + agent + ", types=" + types.keySet() + ", undeclared=" + undeclared + "}";
  }

  /** One span type's compiled schemas; either may be null (that part is not checked). */
  private static final class TypeRule {
    final CompiledSchema payload;
    final CompiledSchema result;

    TypeRule(CompiledSchema payload, CompiledSchema result) {
      this.payload = payload;
      this.result = result;
    }
  }

  /**
   * Configures an {@link ActivitySchema}. Each {@code type(..)} call checks and compiles its schemas at
   * once and throws {@link IllegalArgumentException} naming the span type, the part and the schema
   * error. Not thread-safe.
   */
  public static final class Builder {
    private final Map<String, TypeRule> types = new LinkedHashMap<>();
    private SchemaRegistry registry;
    private String agent;
    private UndeclaredPolicy undeclared = UndeclaredPolicy.FLAG;
    private int maxViolations = DEFAULT_MAX_VIOLATIONS;
    private int maxMessageLength = DEFAULT_MAX_MESSAGE_LENGTH;

    private Builder() {
      JacksonCheck.require();
    }

    /** The agent this schema describes (informational), or null. */
    public Builder agent(String agent) {
      this.agent = agent;
      return this;
    }

    /**
     * Declares a span type.
     *
     * @param type the span type, as given to {@code SpanBuilder.type(..)} (or a kind's default type, e.g. {@code "llm"})
     * @param payloadSchemaJson the JSON Schema the span's input must match, or null for no check
     * @param resultSchemaJson the JSON Schema the span's output must match, or null for no check
     * @throws IllegalArgumentException if the type is blank or already declared, or a schema is not
     *     valid JSON or not a valid JSON Schema
     */
    public Builder type(String type, String payloadSchemaJson, String resultSchemaJson) {
      checkNewType(type);
      JsonNode payload = parseSchema(type, "payload", payloadSchemaJson);
      JsonNode result = parseSchema(type, "result", resultSchemaJson);
      return typeTrees(type, payload, result);
    }

    /** Declares a type from already parsed schema trees (the document loader's path). */
    Builder typeTrees(String type, JsonNode payloadSchema, JsonNode resultSchema) {
      checkNewType(type);
      types.put(type, new TypeRule(compile(type, "payload", payloadSchema), compile(type, "result", resultSchema)));
      return this;
    }

    /** What spans of undeclared types become; default {@link UndeclaredPolicy#FLAG}. */
    public Builder undeclaredTypes(UndeclaredPolicy policy) {
      this.undeclared = Objects.requireNonNull(policy, "undeclaredTypes");
      return this;
    }

    /** Most violations kept per span (default 10, at least 1); the first found are kept. */
    public Builder maxViolations(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxViolations must be >= 1, got " + max);
      }
      this.maxViolations = max;
      return this;
    }

    /** Longest violation message kept, in characters (default 200, at least 16); longer ones are cut with an ellipsis. */
    public Builder maxMessageLength(int max) {
      if (max < 16) {
        throw new IllegalArgumentException("maxMessageLength must be >= 16, got " + max);
      }
      this.maxMessageLength = max;
      return this;
    }

    /** The immutable schema; the builder may be reused (later changes do not affect it). */
    public ActivitySchema build() {
      return new ActivitySchema(this);
    }

    private void checkNewType(String type) {
      Objects.requireNonNull(type, "type");
      if (type.isBlank()) {
        throw new IllegalArgumentException("span type must not be blank");
      }
      if (types.containsKey(type)) {
        throw new IllegalArgumentException("span type '" + type + "' is declared twice");
      }
    }

    private static JsonNode parseSchema(String type, String part, String json) {
      if (json == null) {
        return null;
      }
      try {
        JsonNode node = CompiledSchema.JSON.readTree(json);
        if (node == null || node.isMissingNode()) {
          throw new IllegalArgumentException(where(type, part) + " is empty (use null for no check)");
        }
        return node;
      } catch (JacksonException e) {
        throw new IllegalArgumentException(where(type, part) + " is not valid JSON: " + CompiledSchema.describe(e), e);
      }
    }

    private CompiledSchema compile(String type, String part, JsonNode schema) {
      if (schema == null || schema.isNull()) {
        return null;
      }
      if (registry == null) {
        registry = CompiledSchema.newRegistry();
      }
      try {
        return CompiledSchema.compile(registry, schema);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where(type, part) + " is invalid: " + e.getMessage(), e);
      }
    }

    private static String where(String type, String part) {
      return "span type '" + type + "': " + part + " schema";
    }
  }
}
