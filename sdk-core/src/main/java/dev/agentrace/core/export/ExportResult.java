package dev.agentrace.core.export;

import java.util.Objects;

/**
 * The outcome of {@link SpanExporter#export}: success, or failure with a reason. A partial success
 * (the backend accepted some spans) is a success with {@link #rejected()} spans.
 *
 * <p>Immutable and thread-safe.
 */
public final class ExportResult {
  private static final ExportResult SUCCESS = new ExportResult(true, null, 0, null);

  private final boolean success;
  private final String reason;
  private final long rejected;
  private final Throwable error;

  private ExportResult(boolean success, String reason, long rejected, Throwable error) {
    this.success = success;
    this.reason = reason;
    this.rejected = rejected;
    this.error = error;
  }

  /** Every span in the batch was delivered. */
  public static ExportResult success() {
    return SUCCESS;
  }

  /** The backend accepted the batch but rejected {@code rejected} spans, saying {@code reason}. */
  public static ExportResult partialSuccess(long rejected, String reason) {
    if (rejected <= 0) {
      return SUCCESS;
    }
    return new ExportResult(true, reason, rejected, null);
  }

  /** The batch was not delivered. */
  public static ExportResult failure(String reason) {
    return new ExportResult(false, Objects.requireNonNull(reason, "reason"), 0, null);
  }

  /** The batch was not delivered because of {@code error}. */
  public static ExportResult failure(String reason, Throwable error) {
    return new ExportResult(false, Objects.requireNonNull(reason, "reason"), 0, error);
  }

  /** Whether the batch was delivered (possibly with some spans rejected). */
  public boolean isSuccess() {
    return success;
  }

  /** Spans the backend rejected in a partial success; 0 otherwise. */
  public long rejected() {
    return rejected;
  }

  /** Why the export failed or what the backend said of rejected spans; null on full success. */
  public String reason() {
    return reason;
  }

  /** The exception behind a failure, or null. */
  public Throwable error() {
    return error;
  }

  @Override
  public String toString() {
    if (success) {
      return rejected == 0 ? "ExportResult{success}" : "ExportResult{partial, rejected=" + rejected + ", " + reason + "}";
    }
    return "ExportResult{failure: " + reason + "}";
  }
}
