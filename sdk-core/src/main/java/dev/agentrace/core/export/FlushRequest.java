package dev.agentrace.core.export;

import java.util.concurrent.CountDownLatch;

/**
 * A flush in progress: the worker serves it once it has consumed every span offered before it ({@code
 * target}, the queue's producer index at the time), then each exporter channel counts {@code done} down
 * after it has exported what came before and flushed its exporter.
 */
record FlushRequest(long target, CountDownLatch done) {
  FlushRequest(long target, int parties) {
    this(target, new CountDownLatch(parties));
  }
}
