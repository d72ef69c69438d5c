package dev.agentrace.schema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.agentrace.core.data.Violation;
import dev.agentrace.core.internal.JsonText;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One part's (payload or result) JSON Schema, compiled once by the networknt validator. Immutable and
 * thread-safe: networknt schemas keep no per-validation state once their validators are initialised.
 */
final class CompiledSchema {
  /** Parses payloads and schemas; a JsonMapper is thread-safe once built. */
  static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * Keywords whose error sits on the object but is about one of its members, named by the error's
   * property: the violation's path then points at that member ({@code /query} for a missing
   * {@code query}), which is what a reader looks for.
   */
  private static final Set<String> MEMBER_KEYWORDS =
      Set.of("required", "additionalProperties", "unevaluatedProperties", "propertyNames");

  /** Meta-schema errors quoted in a configuration error; more would bury the first. */
  private static final int MAX_SCHEMA_ERRORS_QUOTED = 3;

  private final Schema schema;

  private CompiledSchema(Schema schema) {
    this.schema = schema;
  }

  /**
   * A registry for one {@link ActivitySchema}: draft 2020-12 unless a schema's {@code $schema} says
   * otherwise, JSON-pointer paths, {@code format} asserted (a schema author who writes
   * {@code "format": "email"} means it), and no remote fetching, so configuration never does network
   * I/O and a {@code $ref} to a URL fails configuration instead. One registry per activity schema, so
   * two versions of a schema that share an {@code $id} (a swap at run time) never see each other.
   */
  static SchemaRegistry newRegistry() {
    SchemaRegistryConfig config = SchemaRegistryConfig.builder()
        .pathType(PathType.JSON_POINTER)
        .formatAssertionsEnabled(true)
        .build();
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
        b -> b.schemaRegistryConfig(config).schemaLoader(l -> l.fetchRemoteResources(false)));
  }

  /**
   * Checks {@code node} against its dialect's meta-schema, then compiles it with every validator
   * initialised now rather than lazily on the export worker.
   *
   * @throws IllegalArgumentException naming the schema error
   */
  static CompiledSchema compile(SchemaRegistry registry, JsonNode node) {
    if (!node.isObject() && !node.isBoolean()) {
      throw new IllegalArgumentException("must be a JSON object or boolean, got " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    JsonNode dialect = node.get("$schema");
    String dialectId = dialect != null && dialect.isString() ? dialect.asString() : SpecificationVersion.DRAFT_2020_12.getDialectId();
    try {
      List<Error> errors = registry.getSchema(SchemaLocation.of(dialectId)).validate(node);
      if (!errors.isEmpty()) {
        StringBuilder msg = new StringBuilder();
        for (int i = 0; i < Math.min(errors.size(), MAX_SCHEMA_ERRORS_QUOTED); i++) {
          Error e = errors.get(i);
          msg.append(i == 0 ? "" : "; ").append(pointerOrRoot(e.getInstanceLocation().toString())).append(": ").append(e.getMessage());
        }
        if (errors.size() > MAX_SCHEMA_ERRORS_QUOTED) {
          msg.append(" (and ").append(errors.size() - MAX_SCHEMA_ERRORS_QUOTED).append(" more)");
        }
        throw new IllegalArgumentException(msg.toString());
      }
      Schema schema = registry.getSchema(node);
      schema.initializeValidators();
      return new CompiledSchema(schema);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      // networknt reports unresolvable $refs, unknown dialects and the like as SchemaException.
      throw new IllegalArgumentException(describe(e), e);
    }
  }

  /**
   * Validates one part and adds its violations to {@code out}, up to {@code maxViolations} in all.
   *
   * @param part {@code "input"} or {@code "output"}, as recorded on the violation
   */
  void validate(JsonNode instance, String part, List<Violation> out, int maxViolations, int maxMessageLength) {
    for (Error e : schema.validate(instance)) {
      if (out.size() >= maxViolations) {
        return;
      }
      String path = e.getInstanceLocation().toString();
      String property = e.getProperty();
      if (property != null && MEMBER_KEYWORDS.contains(e.getKeyword())) {
        path = path + '/' + property.replace("~", "~0").replace("/", "~1");
      }
      out.add(new Violation(part, path, e.getKeyword(), cap(e.getMessage(), maxMessageLength)));
    }
  }

  /** {@code s} cut to {@code max} characters with an ellipsis, never splitting a surrogate pair. */
  static String cap(String s, int max) {
    if (s == null || s.length() <= max) {
      return s;
    }
    return s.substring(0, JsonText.cutBefore(s, max - 1)) + '\u2026';
  }

  /** A parse error as one line: Jackson's own message without its source excerpt, plus line and column. */
  static String describe(JacksonException e) {
    TokenStreamLocation at = e.getLocation();
    String where = at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    return firstLine(e.getOriginalMessage()) + where;
  }

  private static String describe(RuntimeException e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : firstLine(m);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static String pointerOrRoot(String pointer) {
    return pointer.isEmpty() ? "(root)" : pointer;
  }
}
