package dev.agentrace.core.export;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The byte budget of spans with sizeable payloads, from their offer until their batch is settled (see
 * {@link ExportPipeline#offerEnd}): producers reserve, whoever settles or drops the span releases.
 *
 * <p>Thread-safe: one atomic counter. A reservation that would pass the limit is undone at once, so under
 * contention one may be refused that would have fitted a moment later, but none is ever admitted over it.
 */
final class ByteBudget {
  private final AtomicLong used = new AtomicLong();
  private final long limit;

  ByteBudget(long limit) {
    this.limit = limit;
  }

  /** Reserves {@code bytes}; false, with nothing reserved, if that would pass the limit. */
  boolean tryReserve(int bytes) {
    if (used.addAndGet(bytes) > limit) {
      used.addAndGet(-bytes);
      return false;
    }
    return true;
  }

  /** Gives back what a span reserved; 0 (a span that was not weighed) costs nothing. */
  void release(long bytes) {
    if (bytes != 0) {
      used.addAndGet(-bytes);
    }
  }
}
