package dev.agentrace.testing;

import dev.agentrace.core.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.AbstractListAssert;

/**
 * Assertions on a list of spans (for example {@code tracing.spans()}), with every AssertJ list
 * assertion ({@code hasSize}, {@code filteredOn}, {@code first()} ...) plus span-name checks. Element
 * navigation ({@code first()}, {@code element(i)}) yields {@link SpanDataAssert}s.
 *
 * <p>Not thread-safe, like every AssertJ assertion object: use it on the test's thread.
 */
public final class SpanListAssert
    extends AbstractListAssert<SpanListAssert, List<? extends SpanData>, SpanData, SpanDataAssert> {

  SpanListAssert(List<? extends SpanData> actual) {
    super(actual, SpanListAssert.class);
  }

  /** The list holds at least one span with each of {@code names}. */
  public SpanListAssert containsSpanNamed(String... names) {
    isNotNull();
    List<String> have = SpanDataAssert.names(actual);
    List<String> missing = new ArrayList<>();
    for (String n : names) {
      if (!have.contains(n)) {
        missing.add(n);
      }
    }
    if (!missing.isEmpty()) {
      failWithMessage("%s", "Expected spans to contain spans named " + missing + " but their names are " + have);
    }
    return this;
  }

  /** The list holds no span with any of {@code names}. */
  public SpanListAssert doesNotContainSpanNamed(String... names) {
    isNotNull();
    List<String> have = SpanDataAssert.names(actual);
    List<String> present = new ArrayList<>();
    for (String n : names) {
      if (have.contains(n)) {
        present.add(n);
      }
    }
    if (!present.isEmpty()) {
      failWithMessage("%s", "Expected spans not to contain spans named " + present + " but their names are " + have);
    }
    return this;
  }

  /** Assertions on the single span named {@code name}; fails if there is none or more than one. */
  public SpanDataAssert span(String name) {
    isNotNull();
    List<SpanData> found = new ArrayList<>();
    for (SpanData s : actual) {
      if (s.name().equals(name)) {
        found.add(s);
      }
    }
    if (found.size() != 1) {
      failWithMessage("%s", "Expected exactly one span named '" + name + "' but found " + found.size()
          + "; span names are " + SpanDataAssert.names(actual));
    }
    return new SpanDataAssert(found.get(0), null).as(descriptionText());
  }

  @Override
  protected SpanDataAssert toAssert(SpanData value, String description) {
    return new SpanDataAssert(value, null).as(description);
  }

  @Override
  protected SpanListAssert newAbstractIterableAssert(Iterable<? extends SpanData> iterable) {
    List<SpanData> copy = new ArrayList<>();
    iterable.forEach(copy::add);
    return new SpanListAssert(copy);
  }
}
