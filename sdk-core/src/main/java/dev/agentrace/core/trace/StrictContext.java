package dev.agentrace.core.trace;

import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.internal.SdkCounters;
import dev.agentrace.core.internal.Warnings;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How the SDK reports a context mistake (a scope closed out of order, a task that leaked a span, a span never
 * ended). Normally: counted and logged once per kind. In strict mode ({@link AgentraceSdk.Builder#strictContext},
 * for tests): every span records where it was started, and every mistake is logged with that place and kept
 * for {@link AgentraceSdk#contextViolations()}.
 *
 * <p>Thread-safe.
 */
final class StrictContext {
  private static final int MAX_RECORDED_VIOLATIONS = 1000;
  private static final int MAX_SITE_FRAMES = 12;

  /** Whether strict mode is on; read on the span path to decide whether to record a start site. */
  final boolean strict;
  private final SdkCounters counters;
  private final Map<SdkSpan, Throwable> startSites;
  private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
  private final AtomicInteger violationCount = new AtomicInteger();

  StrictContext(boolean strict, SdkCounters counters) {
    this.strict = strict;
    this.counters = counters;
    this.startSites = strict ? Collections.synchronizedMap(new WeakHashMap<>()) : null;
  }

  /** The mistakes recorded in strict mode, oldest first (at most the first 1,000); empty otherwise. */
  List<String> violations() {
    return List.copyOf(violations);
  }

  /** A mistake in how scopes were opened and closed: counted, then logged once, or recorded in strict mode. */
  void mistake(String kind, ScopeNode node, String message) {
    counters.instrumentationError();
    report(kind, node, message);
  }

  /** Reports without counting (the caller counts it under its own heading, such as never-ended spans). */
  void report(String kind, ScopeNode node, String message) {
    if (!strict) {
      Warnings.once(kind, message);
      return;
    }
    String full = message + startSite(node);
    if (violationCount.getAndIncrement() < MAX_RECORDED_VIOLATIONS) {
      violations.add(full);
    }
    Warnings.warn("Agentrace strict context: {}", full);
  }

  /** Remembers where {@code span} was started; strict mode only (a stack trace per span). */
  void recordStartSite(SdkSpan span) {
    startSites.put(span, new Throwable("span started here"));
  }

  /** Where {@code node} was started, as indented stack lines from the first frame outside the SDK. */
  private String startSite(ScopeNode node) {
    Throwable site = node instanceof SdkSpan span ? startSites.get(span) : null;
    if (site == null) {
      return "\n  (start site not recorded: the span is not sampled)";
    }
    StringBuilder out = new StringBuilder("\n  span '").append(node.name()).append("' was started");
    int shown = 0;
    for (StackTraceElement e : site.getStackTrace()) {
      if (shown == 0 && isSdkFrame(e.getClassName())) {
        continue;
      }
      out.append("\n    at ").append(e);
      if (++shown == MAX_SITE_FRAMES) {
        break;
      }
    }
    return out.toString();
  }

  private static boolean isSdkFrame(String className) {
    return (className.startsWith("dev.agentrace.core.") || className.startsWith("dev.agentrace.api."))
        && !className.endsWith("Test");
  }
}
