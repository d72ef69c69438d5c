package dev.agentrace.core.data;

/**
 * One mismatch between a span's payload or result and its schema.
 *
 * @param part {@code "input"} (the payload) or {@code "output"} (the result)
 * @param path JSON pointer to the offending value within that part, e.g. {@code "/query"}; "" for the root
 * @param keyword the JSON Schema keyword that failed, e.g. {@code "required"}
 * @param message a human-readable explanation
 */
public record Violation(String part, String path, String keyword, String message) {}
