package dev.agentrace.testing;

import dev.agentrace.api.AttributeKey;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.SpanStatus;
import dev.agentrace.core.data.Conformance;
import dev.agentrace.core.data.ConformanceStatus;
import dev.agentrace.core.data.RiskLevel;
import dev.agentrace.core.data.RiskResult;
import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.data.SpanEvent;
import dev.agentrace.core.data.TokenUsage;
import dev.agentrace.core.data.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one ended span; from {@link AgentraceAssertions#assertThat(SpanData)} or
 * {@link TraceAssert#span(String)}. Every failure message names the span and describes it; when the
 * span was reached through its trace, the message also prints the trace tree with the span marked.
 *
 * <p>Payload assertions compare JSON semantically: key order and number spelling ({@code 1} vs
 * {@code 1.0}) do not matter, array order does. Expected values given as Java objects may be String,
 * Number, Boolean, null, Map, List or array.
 *
 * <p>Not thread-safe, like every AssertJ assertion object: use it on the test's thread.
 */
public final class SpanDataAssert extends AbstractAssert<SpanDataAssert, SpanData> {
  private final Trace trace;

  SpanDataAssert(SpanData actual, Trace trace) {
    super(actual, SpanDataAssert.class);
    this.trace = trace;
  }

  /** The span's name is {@code expected}. */
  public SpanDataAssert hasName(String expected) {
    isNotNull();
    if (!Objects.equals(actual.name(), expected)) {
      fail("to be named '" + expected + "' but it is named '" + actual.name() + "'");
    }
    return this;
  }

  /** The span's kind is {@code expected}. */
  public SpanDataAssert hasKind(SpanKind expected) {
    isNotNull();
    if (actual.kind() != expected) {
      fail("to have kind " + expected + " but it has kind " + actual.kind());
    }
    return this;
  }

  /** The span's activity-schema type is {@code expected}. */
  public SpanDataAssert hasType(String expected) {
    isNotNull();
    if (!Objects.equals(actual.type(), expected)) {
      fail("to have type '" + expected + "' but it has type '" + actual.type() + "'");
    }
    return this;
  }

  /** The span has no parent: it starts its trace. */
  public SpanDataAssert isRoot() {
    isNotNull();
    if (!Trace.isRoot(actual)) {
      fail("to be a root span but it has parent " + parentDescription());
    }
    return this;
  }

  /** The span's parent is {@code parent} (same trace, parent id = its span id). */
  public SpanDataAssert hasParent(SpanData parent) {
    isNotNull();
    Objects.requireNonNull(parent, "parent");
    if (!parent.traceId().equals(actual.traceId()) || !parent.spanId().equals(actual.parentSpanId())) {
      fail("to be a child of '" + parent.name() + "' (span " + parent.spanId() + ", trace " + parent.traceId()
          + ") but its parent is " + parentDescription() + " in trace " + actual.traceId());
    }
    return this;
  }

  /**
   * The span's parent is the span named {@code parentName}. Needs the trace to resolve the name:
   * reach the span through {@code assertThat(trace).span(name)}.
   *
   * @throws IllegalStateException when this assertion was not created from a trace
   */
  public SpanDataAssert isChildOf(String parentName) {
    isNotNull();
    Trace t = requireTrace("isChildOf");
    SpanData parent = t.parent(actual).orElse(null);
    if (parent == null || !parent.name().equals(parentName)) {
      fail("to be a child of '" + parentName + "' but its parent is " + parentDescription());
    }
    return this;
  }

  /**
   * The span's children are exactly the spans named {@code names}, in start order. Needs the trace:
   * reach the span through {@code assertThat(trace).span(name)}.
   *
   * @throws IllegalStateException when this assertion was not created from a trace
   */
  public SpanDataAssert hasChildren(String... names) {
    isNotNull();
    List<String> actualNames = names(requireTrace("hasChildren").children(actual));
    if (!actualNames.equals(Arrays.asList(names))) {
      fail("to have children " + Arrays.asList(names) + " (in start order) but they are " + actualNames
          + childrenDifference(Arrays.asList(names), actualNames, true));
    }
    return this;
  }

  /**
   * The span's children are exactly the spans named {@code names}, in any order: each name as many
   * times as it is given (a step retried twice is given twice). For steps that run in parallel, whose
   * start order is not fixed. Needs the trace: reach the span through
   * {@code assertThat(trace).span(name)}.
   *
   * @throws IllegalStateException when this assertion was not created from a trace
   */
  public SpanDataAssert hasChildrenInAnyOrder(String... names) {
    isNotNull();
    List<String> actualNames = names(requireTrace("hasChildrenInAnyOrder").children(actual));
    String difference = childrenDifference(Arrays.asList(names), actualNames, false);
    if (!difference.isEmpty()) {
      fail("to have children " + Arrays.asList(names) + " (in any order) but they are " + actualNames + difference);
    }
    return this;
  }

  /** The span's input is JSON equal to {@code expectedJson}. */
  public SpanDataAssert hasInput(String expectedJson) {
    return payloadEquals("input", actual == null ? null : actual.input(), expectedJson);
  }

  /** The span's output is JSON equal to {@code expectedJson}. */
  public SpanDataAssert hasOutput(String expectedJson) {
    return payloadEquals("output", actual == null ? null : actual.output(), expectedJson);
  }

  /**
   * The value at {@code jsonPointer} (RFC 6901, e.g. {@code "/messages/0/content"}; {@code ""} is the
   * whole input) in the span's input equals {@code expected}. A String expected value is a JSON
   * string, not JSON text: {@code hasInputAt("/query", "refund")} matches {@code {"query":"refund"}}.
   */
  public SpanDataAssert hasInputAt(String jsonPointer, Object expected) {
    return payloadAt("input", actual == null ? null : actual.input(), jsonPointer, expected);
  }

  /** Like {@link #hasInputAt}, for the output. */
  public SpanDataAssert hasOutputAt(String jsonPointer, Object expected) {
    return payloadAt("output", actual == null ? null : actual.output(), jsonPointer, expected);
  }

  /** The span has the attribute {@code key}, whatever its value. */
  public SpanDataAssert hasAttribute(String key) {
    isNotNull();
    if (!actual.attributes().containsKey(key)) {
      fail("to have attribute '" + key + "' but its attributes are " + actual.attributes());
    }
    return this;
  }

  /**
   * The span's attribute {@code key} equals {@code expected}. Integral numbers compare as long and
   * floating ones as double, as the span stores them, so {@code hasAttribute("retries", 3)} matches.
   */
  public SpanDataAssert hasAttribute(String key, Object expected) {
    isNotNull();
    Object want = attributeValue(expected);
    if (!actual.attributes().containsKey(key)) {
      fail("to have attribute '" + key + "' = " + show(want) + " but it has no such attribute; its attributes are "
          + actual.attributes());
    }
    Object have = actual.attributes().get(key);
    if (!Objects.equals(have, want)) {
      fail("to have attribute '" + key + "' = " + show(want) + " but it is " + show(have));
    }
    return this;
  }

  /** The span's attribute {@code key.name()} equals {@code expected}. */
  public <T> SpanDataAssert hasAttribute(AttributeKey<T> key, T expected) {
    Objects.requireNonNull(key, "key");
    return hasAttribute(key.name(), expected);
  }

  /** The span recorded at least one event named {@code name}. */
  public SpanDataAssert hasEvent(String name) {
    isNotNull();
    if (actual.events().stream().noneMatch(e -> e.name().equals(name))) {
      fail("to have an event named '" + name + "' but its events are " + eventNames());
    }
    return this;
  }

  /** The span's status is {@code expected}. */
  public SpanDataAssert hasStatus(SpanStatus expected) {
    isNotNull();
    if (actual.status() != expected) {
      fail("to have status " + expected + " but it has status " + statusDescription());
    }
    return this;
  }

  /**
   * The span's status is OK: the code called {@link dev.agentrace.api.Span#ok()}, or the span ran
   * through {@code run(..)}/{@code call(..)}, which set OK themselves. A span ended by
   * try-with-resources without {@code ok()} is UNSET, not OK; {@link #isNotError()} accepts both.
   */
  public SpanDataAssert isOk() {
    isNotNull();
    if (actual.status() == SpanStatus.UNSET) {
      fail("to have status OK but it has status UNSET: the code ended it without calling ok() or error()."
          + " Closing a span (try-with-resources) leaves its status UNSET; call span.ok() at the end of the try"
          + " block (run(..) and call(..) do it for you), or assert isNotError() if UNSET is fine");
    }
    return hasStatus(SpanStatus.OK);
  }

  /** The span did not fail: its status is OK or UNSET (ended without a status), not ERROR. */
  public SpanDataAssert isNotError() {
    isNotNull();
    if (actual.status() == SpanStatus.ERROR) {
      fail("not to have status ERROR but it has status " + statusDescription());
    }
    return this;
  }

  /** The span's status is ERROR. */
  public SpanDataAssert isError() {
    return hasStatus(SpanStatus.ERROR);
  }

  /** The span failed with a status message containing {@code fragment}. */
  public SpanDataAssert hasErrorMessageContaining(String fragment) {
    isError();
    String message = actual.statusMessage();
    if (message == null || !message.contains(fragment)) {
      fail("to have an error message containing \"" + fragment + "\" but the message is "
          + (message == null ? "null" : "\"" + message + "\""));
    }
    return this;
  }

  /**
   * The span recorded an exception (its {@code exception} event) of type {@code type} or a subtype.
   * Subtypes are recognised when the recorded class can be loaded from {@code type}'s class loader.
   */
  public SpanDataAssert hasErrorOfType(Class<? extends Throwable> type) {
    isNotNull();
    Objects.requireNonNull(type, "type");
    List<String> recorded = new ArrayList<>();
    for (SpanEvent e : actual.events()) {
      Object t = e.name().equals("exception") ? e.attributes().get("exception.type") : null;
      if (t instanceof String name) {
        recorded.add(name);
        if (isA(name, type)) {
          return this;
        }
      }
    }
    fail("to have recorded an exception of type " + type.getName() + " but "
        + (recorded.isEmpty() ? "it recorded no exception (status " + statusDescription() + ")"
            : "it recorded " + recorded));
    return this;
  }

  /** The span recorded exactly {@code inputTokens} input and {@code outputTokens} output tokens. */
  public SpanDataAssert hasUsage(long inputTokens, long outputTokens) {
    isNotNull();
    TokenUsage u = actual.usage();
    if (u == null || u.inputTokens() != inputTokens || u.outputTokens() != outputTokens) {
      fail("to have usage of " + inputTokens + " input and " + outputTokens + " output tokens but it has "
          + (u == null ? "no usage" : u.inputTokens() + " input and " + u.outputTokens() + " output tokens"));
    }
    return this;
  }

  /** The span recorded the score {@code name} with exactly {@code value}. */
  public SpanDataAssert hasScore(String name, double value) {
    isNotNull();
    Double have = actual.scores().get(name);
    if (have == null || Double.compare(have, value) != 0) {
      fail("to have score '" + name + "' = " + value + " but " + (have == null
          ? "it has no such score; its scores are " + actual.scores() : "it is " + have));
    }
    return this;
  }

  /** The span lasted at least {@code min}. */
  public SpanDataAssert hasDurationAtLeast(Duration min) {
    isNotNull();
    if (actual.durationNanos() < min.toNanos()) {
      fail("to last at least " + Trace.duration(min.toNanos()) + " but it lasted " + Trace.duration(actual.durationNanos()));
    }
    return this;
  }

  /** The span lasted at most {@code max}. */
  public SpanDataAssert hasDurationAtMost(Duration max) {
    isNotNull();
    if (actual.durationNanos() > max.toNanos()) {
      fail("to last at most " + Trace.duration(max.toNanos()) + " but it lasted " + Trace.duration(actual.durationNanos()));
    }
    return this;
  }

  /** The span belongs to session {@code expected}. */
  public SpanDataAssert hasSession(String expected) {
    isNotNull();
    if (!Objects.equals(actual.sessionId(), expected)) {
      fail("to have session '" + expected + "' but it has " + quoted(actual.sessionId()));
    }
    return this;
  }

  /** The span acts for user {@code expected}. */
  public SpanDataAssert hasUser(String expected) {
    isNotNull();
    if (!Objects.equals(actual.userId(), expected)) {
      fail("to have user '" + expected + "' but it has " + quoted(actual.userId()));
    }
    return this;
  }

  /** The span called model {@code expected}. */
  public SpanDataAssert hasModel(String expected) {
    isNotNull();
    if (!Objects.equals(actual.model(), expected)) {
      fail("to have model '" + expected + "' but it has " + quoted(actual.model()));
    }
    return this;
  }

  /** The activity-schema check found the span's input and output conform to its type's schemas. */
  public SpanDataAssert isConformant() {
    return hasConformance(ConformanceStatus.CONFORMS);
  }

  /**
   * The activity-schema check found a violation at {@code jsonPointer} (e.g. {@code "/query"}) in the
   * span's input or output.
   */
  public SpanDataAssert violates(String jsonPointer) {
    return violatesAt(null, jsonPointer);
  }

  /**
   * The activity-schema check found a violation at {@code jsonPointer} in {@code part}, which is
   * {@code "input"} or {@code "output"}.
   */
  public SpanDataAssert violates(String part, String jsonPointer) {
    Objects.requireNonNull(part, "part");
    if (!part.equals("input") && !part.equals("output")) {
      throw new IllegalArgumentException("part must be \"input\" or \"output\", got \"" + part + "\"");
    }
    return violatesAt(part, jsonPointer);
  }

  /** The span's type is not declared in the activity schema the SDK checked it against. */
  public SpanDataAssert isUndeclared() {
    return hasConformance(ConformanceStatus.UNDECLARED);
  }

  /** No activity-schema check ran on the span: no schema, nothing recorded, or a payload that could not be checked. */
  public SpanDataAssert isNotChecked() {
    return hasConformance(ConformanceStatus.NOT_CHECKED);
  }

  /** The risk scan rated the span's payloads {@code expected}. */
  public SpanDataAssert hasRiskLevel(RiskLevel expected) {
    isNotNull();
    RiskResult r = actual.risk();
    if (r.level() != expected) {
      fail("to have risk level " + expected + " but it has " + riskDescription(r));
    }
    return this;
  }

  /** The risk scan found data of category {@code category} (e.g. {@code "email"}) in the span's payloads. */
  public SpanDataAssert hasRiskCategory(String category) {
    isNotNull();
    RiskResult r = actual.risk();
    if (!r.categories().contains(category)) {
      fail("to have risk category '" + category + "' but it has " + riskDescription(r));
    }
    return this;
  }

  // ---------------------------------------------------------------- helpers

  private SpanDataAssert hasConformance(ConformanceStatus expected) {
    isNotNull();
    Conformance c = actual.conformance();
    if (c.status() != expected) {
      fail("to be " + expected + " but it is " + conformanceDescription(c));
    }
    return this;
  }

  private SpanDataAssert violatesAt(String part, String pointer) {
    isNotNull();
    Objects.requireNonNull(pointer, "jsonPointer");
    Conformance c = actual.conformance();
    String where = "'" + pointer + "'" + (part == null ? "" : " in its " + part);
    if (c.status() != ConformanceStatus.VIOLATES) {
      fail("to violate its schema at " + where + " but it is " + conformanceDescription(c));
    }
    for (Violation v : c.violations()) {
      if (v.path().equals(pointer) && (part == null || part.equals(v.part()))) {
        return this;
      }
    }
    fail("to violate its schema at " + where + " but its violations are elsewhere:" + violationLines(c.violations()));
    return this;
  }

  /** The status, with the reason or one violation per line, so a failure shows what the check saw. */
  static String conformanceDescription(Conformance c) {
    return switch (c.status()) {
      case CONFORMS -> "CONFORMS";
      case VIOLATES -> "VIOLATES:" + violationLines(c.violations());
      default -> c.status() + " (" + c.reason() + ")";
    };
  }

  static String violationLines(List<Violation> violations) {
    StringBuilder m = new StringBuilder();
    for (Violation v : violations) {
      m.append("\n  ").append(v.part()).append(' ').append(v.path().isEmpty() ? "(root)" : v.path()).append(": ")
          .append(v.keyword()).append(" - ").append(v.message());
    }
    return m.toString();
  }

  private static String riskDescription(RiskResult r) {
    return r.level() + " (score " + r.score() + ", categories " + r.categories() + ")";
  }

  private SpanDataAssert payloadEquals(String which, String json, String expectedJson) {
    isNotNull();
    Objects.requireNonNull(expectedJson, "expectedJson");
    Object want = Json.parse(expectedJson);
    if (json == null) {
      fail("to have " + which + " " + Json.abbreviate(expectedJson) + " but it recorded no " + which);
    }
    Object have = parsePayload(which, json);
    String diff = Json.firstDifference(want, have, "");
    if (diff != null) {
      fail("to have " + which + "\n  " + Json.abbreviate(Json.render(want)) + "\nbut it is\n  " + Json.abbreviate(json)
          + "\nfirst difference at " + diff);
    }
    return this;
  }

  private SpanDataAssert payloadAt(String which, String json, String pointer, Object expected) {
    isNotNull();
    Object want = Json.fromJava(expected);
    if (json == null) {
      fail("to have " + which + " at '" + pointer + "' = " + Json.render(want) + " but it recorded no " + which);
    }
    Object have = Json.at(parsePayload(which, json), pointer);
    if (have == Json.MISSING) {
      fail("to have " + which + " at '" + pointer + "' = " + Json.render(want) + " but there is no value at '" + pointer
          + "' in " + which + " " + Json.abbreviate(json));
    }
    String diff = Json.firstDifference(want, have, pointer);
    if (diff != null) {
      fail("to have " + which + " at '" + pointer + "' = " + Json.abbreviate(Json.render(want)) + " but it is "
          + Json.abbreviate(Json.render(have))
          + (want instanceof Map || want instanceof List ? "\nfirst difference at " + diff : ""));
    }
    return this;
  }

  private Object parsePayload(String which, String json) {
    try {
      return Json.parse(json);
    } catch (IllegalArgumentException e) {
      fail("to have a JSON " + which + " but it is not JSON (" + e.getMessage() + ")");
      return null;
    }
  }

  private static Object attributeValue(Object v) {
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    return v;
  }

  private static boolean isA(String recordedType, Class<? extends Throwable> type) {
    if (recordedType.equals(type.getName())) {
      return true;
    }
    ClassLoader loader = type.getClassLoader() != null ? type.getClassLoader() : ClassLoader.getSystemClassLoader();
    try {
      return type.isAssignableFrom(Class.forName(recordedType, false, loader));
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private Trace requireTrace(String assertion) {
    if (trace == null) {
      throw new IllegalStateException(assertion + "(..) needs the span's trace to resolve span names: use "
          + "assertThat(trace).span(\"" + actual.name() + "\")." + assertion + "(..)");
    }
    return trace;
  }

  private String parentDescription() {
    if (Trace.isRoot(actual)) {
      return "none (it is a root span)";
    }
    SpanData parent = trace == null ? null : trace.parent(actual).orElse(null);
    return parent != null ? "'" + parent.name() + "' (span " + parent.spanId() + ")"
        : "span " + actual.parentSpanId() + (trace == null ? "" : " (not captured)");
  }

  private String statusDescription() {
    return actual.statusMessage() == null ? actual.status().toString()
        : actual.status() + " \"" + actual.statusMessage() + "\"";
  }

  private List<String> eventNames() {
    List<String> names = new ArrayList<>();
    for (SpanEvent e : actual.events()) {
      names.add(e.name());
    }
    return names;
  }

  /**
   * What tells {@code actual} apart from {@code expected}: "; missing [..]" and/or "; unexpected [..]"
   * when they do not hold the same names as often; otherwise "" if the order does not matter or is the
   * same, and "; the same spans in another order .." if it matters and differs.
   */
  static String childrenDifference(List<String> expected, List<String> actual, boolean inOrder) {
    List<String> missing = new ArrayList<>(expected);
    List<String> unexpected = new ArrayList<>();
    for (String name : actual) {
      if (!missing.remove(name)) {
        unexpected.add(name);
      }
    }
    if (missing.isEmpty() && unexpected.isEmpty()) {
      return !inOrder || expected.equals(actual) ? ""
          : "; the same spans in another order (hasChildrenInAnyOrder(..) ignores the order)";
    }
    return (missing.isEmpty() ? "" : "; missing " + missing) + (unexpected.isEmpty() ? "" : "; unexpected " + unexpected);
  }

  static List<String> names(List<? extends SpanData> spans) {
    List<String> names = new ArrayList<>(spans.size());
    for (SpanData s : spans) {
      names.add(s.name());
    }
    return names;
  }

  private static String show(Object v) {
    return v instanceof String ? "\"" + v + "\"" : String.valueOf(v);
  }

  private static String quoted(String v) {
    return v == null ? "none" : "'" + v + "'";
  }

  /**
   * Fails with "Expected span 'name' to ...", the span's one-line description, and the trace tree
   * with this span marked when the trace is known. Passed through "%s" so payload text holding '%' is
   * printed, not interpreted.
   */
  private void fail(String expectation) {
    StringBuilder m = new StringBuilder("Expected span '").append(actual.name()).append("' ").append(expectation)
        .append("\nspan: ").append(Trace.describe(actual));
    if (trace != null) {
      m.append("\ntrace:\n").append(trace.toTreeString(actual));
    }
    failWithMessage("%s", m);
  }
}
