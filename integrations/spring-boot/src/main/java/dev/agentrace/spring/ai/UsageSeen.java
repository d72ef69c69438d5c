package dev.agentrace.spring.ai;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationView;
import org.springframework.ai.chat.metadata.Usage;

/**
 * The token usage the model calls under one observation have reported so far, to undo Spring AI's
 * accumulation. In a tool loop Spring AI's chat models report, for the second and later calls, the usage
 * summed over the loop (a fresh {@code Usage} without the provider's native usage object); the span of each
 * call should carry that call's own tokens, or metrics and cost count the first call twice.
 *
 * <p>One per traced observation, kept in its context; model calls under it run one after another, and the
 * fields are volatile because the reactive forms may report from another thread.
 */
final class UsageSeen {
  static final Object KEY = new Object() {
    @Override
    public String toString() {
      return "agentrace.usage";
    }
  };

  private volatile long input;
  private volatile long output;

  /**
   * This call's own usage, as {@code {input, output}}: {@code usage} less what earlier calls under the same
   * observation reported when {@code usage} is an accumulated total, {@code usage} as is otherwise.
   */
  static long[] ownUsage(Observation.Context context, Usage usage) {
    long in = usage.getPromptTokens() == null ? 0 : usage.getPromptTokens();
    long out = usage.getCompletionTokens() == null ? 0 : usage.getCompletionTokens();
    ObservationView parent = context.getParentObservation();
    UsageSeen seen = parent == null ? null : parent.getContextView().get(KEY);
    if (seen == null) {
      return new long[] {in, out};
    }
    long[] own = {in, out};
    boolean accumulated = usage.getNativeUsage() == null && (seen.input > 0 || seen.output > 0)
        && in >= seen.input && out >= seen.output;
    if (accumulated) {
      own[0] = in - seen.input;
      own[1] = out - seen.output;
      seen.input = in;
      seen.output = out;
    } else {
      seen.input += in;
      seen.output += out;
    }
    return own;
  }
}
