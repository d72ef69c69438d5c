package dev.agentrace.core;

import dev.agentrace.core.internal.Payloads;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Instrumentation mistakes are logged once per kind of mistake, so a bug in a hot loop produces one
 * line rather than a flood; each occurrence is still counted in {@link SdkStats#instrumentationErrors()}.
 */
final class Warn {
  static final Logger LOG = LoggerFactory.getLogger("dev.agentrace");
  private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

  private Warn() {}

  /** Logs {@code message} the first time {@code kind} is seen in this JVM. */
  static void once(String kind, String message) {
    if (SEEN.add(kind)) {
      LOG.warn("{} (further occurrences of this mistake are counted, not logged)", message);
    }
  }

  /** Logs {@code message} with {@code error} the first time {@code kind} is seen. */
  static void once(String kind, String message, Throwable error) {
    if (SEEN.add(kind)) {
      try {
        LOG.warn(message + " (further occurrences are counted, not logged)", error);
      } catch (Throwable unprintable) {
        // The logger prints the throwable through its toString() and getMessage(), which are user code (a
        // processor's, an exporter's) and may throw; that must not turn a contained failure into an escaped one.
        Payloads.rethrowIfFatal(unprintable);
        LOG.warn("{} ({} could not be printed: {}; further occurrences are counted, not logged)", message,
            error.getClass().getName(), unprintable.getClass().getName());
      }
    }
  }

  /**
   * {@code o}'s {@code toString()} for a message, or its class name when that throws: user objects
   * (exporters, processors, their exceptions) are described without letting their code escape.
   */
  static String describe(Object o) {
    try {
      return String.valueOf(o);
    } catch (Throwable e) {
      Payloads.rethrowIfFatal(e);
      return o.getClass().getName() + " (toString() threw " + e.getClass().getName() + ")";
    }
  }

  /** Forgets what was logged; for tests. */
  static void reset() {
    SEEN.clear();
  }
}
