/**
 * Activity-schema conformance: {@link dev.agentrace.schema.ActivitySchema} checks each span's input
 * (payload) and output (result) against the JSON Schemas the agent declares per span type, and implements
 * {@code dev.agentrace.core.ConformanceChecker}, so it is handed to
 * {@code AgentraceSdk.Builder.activitySchema(..)}. Checks run on the SDK's export worker, never on the
 * agent's threads.
 *
 * <p>API: {@code ActivitySchema} with its builder, loaders and {@code UndeclaredPolicy}; immutable and
 * thread-safe. Package-private: reading schema documents (JSON or YAML) and the compiled schemas.
 *
 * <p>This is the optional {@code agentrace-schema} module: it brings jackson-databind, YAML and the
 * networknt validator, which {@code agentrace-core} does not depend on.
 */
package dev.agentrace.schema;
