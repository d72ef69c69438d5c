package dev.agentrace.core.data;

/**
 * Token counts of a model call. {@code cachedInputTokens} is the part of {@code inputTokens} served from a
 * prompt cache and {@code reasoningTokens} the part of {@code outputTokens} spent reasoning: they are
 * kept apart so that cost can price them separately and nothing is counted twice.
 *
 * <p>Immutable; all counts are non-negative.
 */
public record TokenUsage(long inputTokens, long outputTokens, long cachedInputTokens, long reasoningTokens) {

  /** Validates the counts. @throws IllegalArgumentException if a count is negative or a part exceeds its whole */
  public TokenUsage {
    if (inputTokens < 0 || outputTokens < 0 || cachedInputTokens < 0 || reasoningTokens < 0) {
      throw new IllegalArgumentException("token counts must be >= 0: input=" + inputTokens + " output=" + outputTokens
          + " cached=" + cachedInputTokens + " reasoning=" + reasoningTokens);
    }
    if (cachedInputTokens > inputTokens || reasoningTokens > outputTokens) {
      throw new IllegalArgumentException("cached tokens are part of input tokens and reasoning tokens part of output"
          + " tokens: input=" + inputTokens + " cached=" + cachedInputTokens + " output=" + outputTokens
          + " reasoning=" + reasoningTokens);
    }
  }

  /** Input plus output tokens. */
  public long totalTokens() {
    return inputTokens + outputTokens;
  }
}
