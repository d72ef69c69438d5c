package dev.agentrace.langchain4j;

import dev.agentrace.api.internal.Fatal;
import dev.agentrace.api.Span;
import dev.agentrace.core.internal.Warnings;
import java.util.Map;

/**
 * The one rule for every listener and hook here: nothing escapes into LangChain4j. A failure of ours (or of a
 * value LangChain4j handed us) is logged once per kind and the call goes on; only a failing JVM's errors pass.
 */
final class Safe {
  private Safe() {}

  static void run(String what, Runnable body) {
    try {
      body.run();
    } catch (Throwable t) {
      Fatal.rethrowIfFatal(t);
      Warnings.once("langchain4j-" + what,
          "Agentrace LangChain4j: recording " + what + " failed; the LangChain4j call is unaffected", t);
    }
  }

  /**
   * Leaves {@code span} in LangChain4j's per-call attributes map for the response or error callback; if the map
   * refuses it, the span ends now rather than stay open forever.
   */
  static void park(Map<Object, Object> attributes, Object key, Span span) {
    try {
      attributes.put(key, span);
    } catch (RuntimeException e) {
      span.end();
      throw e;
    }
  }
}
