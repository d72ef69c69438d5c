package dev.agentrace.testing;

import dev.agentrace.api.SpanStatus;
import dev.agentrace.core.data.SpanData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a trace as a tree, so that "handle_ticket ran plan, then web_search, and web_search
 * failed" reads as one statement:
 *
 * <pre>{@code
 * assertThat(trace).hasRoot("handle_ticket").hasChildren("plan", "web_search")
 *     .span("web_search").isError();
 * }</pre>
 *
 * <p>Every failure message prints the trace tree ({@link Trace#toTreeString()}). {@link #span} and
 * {@link #root()} lead to {@link SpanDataAssert}s that know the trace, so their failures print it too
 * and they can check parents and children by name.
 *
 * <p>Not thread-safe, like every AssertJ assertion object: use it on the test's thread.
 */
public final class TraceAssert extends AbstractAssert<TraceAssert, Trace> {

  TraceAssert(Trace actual) {
    super(actual, TraceAssert.class);
  }

  /** The trace's root span is named {@code name}. */
  public TraceAssert hasRoot(String name) {
    isNotNull();
    if (!actual.root().name().equals(name)) {
      fail("to have root '" + name + "' but its root is '" + actual.root().name() + "'");
    }
    return this;
  }

  /** The root's children are exactly the spans named {@code names}, in start order. */
  public TraceAssert hasChildren(String... names) {
    isNotNull();
    List<String> children = SpanDataAssert.names(actual.children(actual.root()));
    if (!children.equals(Arrays.asList(names))) {
      fail("to have root '" + actual.root().name() + "' with children " + Arrays.asList(names)
          + " (in start order) but they are " + children + SpanDataAssert.childrenDifference(Arrays.asList(names), children, true));
    }
    return this;
  }

  /**
   * The root's children are exactly the spans named {@code names}, in any order: each name as many
   * times as it is given. For steps that run in parallel (a fan-out through {@code tracer.wrap(executor)}),
   * whose start order is not fixed; {@link #hasChildren} checks the order too.
   */
  public TraceAssert hasChildrenInAnyOrder(String... names) {
    isNotNull();
    List<String> children = SpanDataAssert.names(actual.children(actual.root()));
    String difference = SpanDataAssert.childrenDifference(Arrays.asList(names), children, false);
    if (!difference.isEmpty()) {
      fail("to have root '" + actual.root().name() + "' with children " + Arrays.asList(names)
          + " (in any order) but they are " + children + difference);
    }
    return this;
  }

  /** The trace has exactly {@code count} spans. */
  public TraceAssert hasSpanCount(int count) {
    isNotNull();
    if (actual.spans().size() != count) {
      fail("to have " + count + " spans but it has " + actual.spans().size());
    }
    return this;
  }

  /** The trace has at least one span with each of {@code names}. */
  public TraceAssert containsSpanNamed(String... names) {
    isNotNull();
    List<String> missing = new ArrayList<>();
    for (String n : names) {
      if (actual.find(n).isEmpty()) {
        missing.add(n);
      }
    }
    if (!missing.isEmpty()) {
      fail("to contain spans named " + missing + " but it does not");
    }
    return this;
  }

  /** No span of the trace ended with status ERROR. */
  public TraceAssert hasNoErrors() {
    isNotNull();
    List<String> failed = new ArrayList<>();
    for (SpanData s : actual.spans()) {
      if (s.status() == SpanStatus.ERROR) {
        failed.add(s.name() + (s.statusMessage() == null ? "" : " (\"" + s.statusMessage() + "\")"));
      }
    }
    if (!failed.isEmpty()) {
      fail("to have no failed span but these failed: " + failed);
    }
    return this;
  }

  /** Assertions on the single span named {@code name}; fails if there is none or more than one. */
  public SpanDataAssert span(String name) {
    isNotNull();
    List<SpanData> found = actual.findAll(name);
    if (found.size() != 1) {
      fail("to have exactly one span named '" + name + "' but it has " + found.size());
    }
    return new SpanDataAssert(found.get(0), actual).as(descriptionText());
  }

  /** Assertions on the root span. */
  public SpanDataAssert root() {
    isNotNull();
    return new SpanDataAssert(actual.root(), actual).as(descriptionText());
  }

  private void fail(String expectation) {
    failWithMessage("%s", "Expected trace " + actual.traceId() + " " + expectation + "\ntrace:\n" + actual.toTreeString());
  }
}
