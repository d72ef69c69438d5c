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
 * <p>One per traced observation, kept in its context. Model calls under it run one after another, but the
 * reactive forms may report from another thread: the fields are read and written
 * under the object's lock.
 */
final class UsageSeen {
  static final Object KEY = new Object() {
    @Override
    public String toString() {
      return "agentrace.usage";
    }
  };

  private long input;
  private long output;

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
    return seen.own(in, out, usage.getNativeUsage() == null);
  }

  private synchronized long[] own(long in, long out, boolean noNativeUsage) {
    long[] own = {in, out};
    boolean accumulated = noNativeUsage && (input > 0 || output > 0) && in >= input && out >= output;
    if (accumulated) {
      own[0] = in - input;
      own[1] = out - output;
      input = in;
      output = out;
    } else {
      input += in;
      output += out;
    }
    return own;
  }
}
