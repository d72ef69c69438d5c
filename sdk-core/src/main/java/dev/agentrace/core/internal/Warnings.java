package dev.agentrace.core.internal;

import dev.agentrace.api.internal.Fatal;
import dev.agentrace.core.SdkStats;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * The SDK's warnings, the one place every warning of every module goes through. Instrumentation mistakes are
 * logged once per kind of mistake, so a bug in a hot loop produces one line rather than a flood; each
 * occurrence is still counted in {@link SdkStats#instrumentationErrors()}.
 *
 * <p>A warning must reach a person. They go to SLF4J, logger {@code dev.agentrace}; where the application has
 * no SLF4J provider (SLF4J 2 then falls back to its no-op logger and every warning would vanish), they go to
 * the JDK's {@link System.Logger} of the same name at {@code WARNING}, which {@code java.util.logging} prints
 * to standard error by default. An application that installed {@code slf4j-nop} or named a provider with
 * {@code slf4j.provider} has chosen its logging, and is left alone. Decided once, when this class loads.
 *
 * <p>Not API: public so that every package of the SDK logs through one place; it may change in any release.
 * Thread-safe.
 */
public final class Warnings {
  /** The SDK's logger name, in SLF4J and, without a provider, in {@link System.Logger}. */
  public static final String LOGGER_NAME = "dev.agentrace";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);
  /** Non-null when SLF4J has no provider: the warnings then go here. */
  private static final System.Logger FALLBACK = noSlf4jProvider() ? System.getLogger(LOGGER_NAME) : null;
  private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

  private Warnings() {}

  /**
   * Whether SLF4J found no provider: SLF4J 2 then binds its no-op fallback, whose factory is a
   * {@link NOPLoggerFactory}. {@code slf4j-nop} binds the same factory on purpose, so it and an explicitly
   * named provider count as a choice, not an absence.
   */
  static boolean noSlf4jProvider() {
    try {
      ILoggerFactory factory = LoggerFactory.getILoggerFactory();
      if (!(factory instanceof NOPLoggerFactory)) {
        return false;
      }
      if (System.getProperty(LoggerFactory.PROVIDER_PROPERTY_KEY) != null) {
        return false;
      }
      ClassLoader loader = LoggerFactory.class.getClassLoader();
      try {
        Class.forName("org.slf4j.nop.NOPServiceProvider", false, loader);
        return false;
      } catch (ClassNotFoundException | LinkageError notInstalled) {
        return true;
      }
    } catch (RuntimeException | LinkageError e) {
      // An SLF4J that cannot say which factory it bound: keep using it rather than fail the SDK.
      return false;
    }
  }

  /** Whether warnings go to {@link System.Logger} because SLF4J has no provider. */
  public static boolean usesFallback() {
    return FALLBACK != null;
  }

  /** Logs {@code message} the first time {@code kind} is seen in this JVM. */
  public static void once(String kind, String message) {
    if (SEEN.add(kind)) {
      warn("{} (further occurrences of this mistake are counted, not logged)", message);
    }
  }

  /** Logs {@code message} with {@code error} the first time {@code kind} is seen. */
  public static void once(String kind, String message, Throwable error) {
    if (SEEN.add(kind)) {
      // The message is an argument, not the format: a reason quoting "{}" (a JSON body) is printed as is.
      if (error == null) {
        warn("{} (further occurrences are counted, not logged)", message);
      } else {
        warn("{} (further occurrences are counted, not logged)", message, error);
      }
    }
  }

  /**
   * Logs a warning every time: for events that happen once by nature (a shutdown that ran out of time) or are
   * already rate-limited by the caller. {@code format} uses SLF4J's {@code {}} placeholders; a last argument
   * that is a {@link Throwable} is logged as the cause.
   */
  public static void warn(String format, Object... args) {
    log(LOG, false, format, args);
  }

  /**
   * Logs a warning every time, like {@link #warn(String, Object...)}, on {@code logger} (a module's own logger
   * name a user may already configure); without an SLF4J provider, on the {@link System.Logger} of that name.
   */
  public static void warn(Logger logger, String format, Object... args) {
    log(logger, false, format, args);
  }

  /** Logs an error every time, like {@link #warn}: for a failure that stops the SDK's export. */
  public static void error(String format, Object... args) {
    log(LOG, true, format, args);
  }

  private static void log(Logger logger, boolean error, String format, Object[] args) {
    try {
      emit(logger, error, format, args);
    } catch (Throwable unprintable) {
      // The logger prints a throwable or an argument through its toString() and getMessage(), which are user
      // code (a processor's, an exporter's) and may throw; that must not turn a contained failure into an
      // escaped one. Say what could not be printed instead.
      Fatal.rethrowIfFatal(unprintable);
      Object[] safe = new Object[args.length];
      for (int i = 0; i < args.length; i++) {
        safe[i] = args[i] == null ? null : args[i].getClass().getName();
      }
      try {
        emit(logger, error, format + " (an argument could not be printed: " + unprintable.getClass().getName() + ")", safe);
      } catch (Throwable again) {
        Fatal.rethrowIfFatal(again);
      }
    }
  }

  private static void emit(Logger logger, boolean error, String format, Object[] args) {
    System.Logger fallback = FALLBACK;
    if (fallback == null) {
      if (error) {
        logger.error(format, args);
      } else {
        logger.warn(format, args);
      }
      return;
    }
    if (logger != LOG) {
      fallback = System.getLogger(logger.getName());
    }
    FormattingTuple t = MessageFormatter.arrayFormat(format, args);
    System.Logger.Level level = error ? System.Logger.Level.ERROR : System.Logger.Level.WARNING;
    if (t.getThrowable() == null) {
      fallback.log(level, t.getMessage());
    } else {
      fallback.log(level, t.getMessage(), t.getThrowable());
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
