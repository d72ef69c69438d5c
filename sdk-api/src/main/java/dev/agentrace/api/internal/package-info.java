/**
 * Code the API shares with the SDK modules: the one hex codec for trace and span ids
 * ({@code Hex}) and the one rule for which failures of user code the SDK lets through ({@code Fatal}).
 *
 * <p>Internal: not API. The classes are public only so that {@code agentrace-core} and the exporters use
 * the same code as the API; they may change or disappear in any release without notice.
 */
package dev.agentrace.api.internal;
