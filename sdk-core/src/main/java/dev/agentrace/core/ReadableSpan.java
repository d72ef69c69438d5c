package dev.agentrace.core;

import dev.agentrace.core.data.SpanData;

/**
 * The read-only view of a span while it is in flight, given to {@link SpanProcessor#onStart}. Values set
 * when the span started (ids, name, kind, type, input, start time) are stable; others may change until
 * the span ends, so read them only on the span's own thread.
 */
public interface ReadableSpan extends SpanData {}
