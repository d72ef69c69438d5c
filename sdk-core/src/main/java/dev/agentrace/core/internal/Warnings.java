package dev.agentrace.core.internal;

import dev.agentrace.api.internal.Fatal;
import dev.agentrace.core.SdkStats;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SDK's warnings: instrumentation mistakes are logged once per kind of mistake, so a bug in a hot loop
 * produces one line rather than a flood; each occurrence is still counted in
 * {@link SdkStats#instrumentationErrors()}. Not API: public so that every package of the SDK logs through
 * one place; it may change in any release. Thread-safe.
 */
public final class Warnings {
  public static final Logger LOG = LoggerFactory.getLogger("dev.agentrace");
  private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

  private Warnings() {}

  /** Logs {@code message} the first time {@code kind} is seen in this JVM. */
  public static void once(String kind, String message) {
    if (SEEN.add(kind)) {
      LOG.warn("{} (further occurrences of this mistake are counted, not logged)", message);
    }
  }

  /** Logs {@code message} with {@code error} the first time {@code kind} is seen. */
  public static void once(String kind, String message, Throwable error) {
    if (SEEN.add(kind)) {
      try {
        LOG.warn(message + " (further occurrences are counted, not logged)", error);
      } catch (Throwable unprintable) {
        // The logger prints the throwable through its toString() and getMessage(), which are user code (a
        // processor's, an exporter's) and may throw; that must not turn a contained failure into an escaped one.
        Fatal.rethrowIfFatal(unprintable);
        LOG.warn("{} ({} could not be printed: {}; further occurrences are counted, not logged)", message,
            error.getClass().getName(), unprintable.getClass().getName());
      }
    }
  }

  /**
   * {@code o}'s {@code toString()} for a message, or its class name when that throws: user objects
   * (exporters, processors, their exceptions) are described without letting their code escape.
   */
  public static String describe(Object o) {
    try {
      return String.valueOf(o);
    } catch (Throwable e) {
      Fatal.rethrowIfFatal(e);
      return o.getClass().getName() + " (toString() threw " + e.getClass().getName() + ")";
    }
  }

  /**
   * Forgets what was logged, so the next occurrence of each kind is logged again: for tests that check a
   * warning is written (an earlier test in the same JVM may already have spent it).
   */
  public static void reset() {
    SEEN.clear();
  }
}
