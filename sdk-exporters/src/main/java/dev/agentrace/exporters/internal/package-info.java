/**
 * Helpers shared by the Agentrace exporters. Internal: not API, may change or disappear in any release
 * without notice; do not use from application code.
 */
package dev.agentrace.exporters.internal;
