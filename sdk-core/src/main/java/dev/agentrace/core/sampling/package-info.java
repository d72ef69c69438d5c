/**
 * Tail sampling: deciding whether to export a trace once it has ended, when its errors, duration, cost,
 * tokens, conformance, risk and scores are known. {@link dev.agentrace.core.sampling.TailSamplingPolicy}
 * (built with its final builder and handed to {@code AgentraceSdk.Builder.tailSampling}) says which traces
 * are kept whole and what share of the rest is sampled; the export worker holds each trace's spans until
 * its local root ends and then applies the policy. docs/sampling.md compares it with head sampling
 * ({@link dev.agentrace.core.Sampler}).
 *
 * <p>API: {@code TailSamplingPolicy} and its {@code Builder}. The buffer that holds traces until they are
 * decided is package-private in {@code dev.agentrace.core.export}.
 */
package dev.agentrace.core.sampling;
