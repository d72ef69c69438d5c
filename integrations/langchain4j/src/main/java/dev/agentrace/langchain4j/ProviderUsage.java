package dev.agentrace.langchain4j;

import dev.agentrace.api.internal.Fatal;
import dev.langchain4j.model.output.TokenUsage;
import java.lang.reflect.Method;

/**
 * Token counts that only a provider's {@link TokenUsage} subclass carries. Read by method name, because this
 * module compiles against langchain4j-core alone (the user picks the providers): OpenAI's
 * {@code inputTokensDetails().cachedTokens()} and {@code outputTokensDetails().reasoningTokens()}, Anthropic's
 * {@code cacheReadInputTokens()}. Anything missing or failing counts as 0.
 */
final class ProviderUsage {
  private ProviderUsage() {}

  static long cachedInputTokens(TokenUsage u) {
    long openAi = number(call(call(u, "inputTokensDetails"), "cachedTokens"));
    return openAi > 0 ? openAi : number(call(u, "cacheReadInputTokens"));
  }

  static long reasoningTokens(TokenUsage u) {
    return number(call(call(u, "outputTokensDetails"), "reasoningTokens"));
  }

  private static Object call(Object target, String method) {
    if (target == null || target.getClass() == TokenUsage.class) {
      return null;
    }
    try {
      Method m = target.getClass().getMethod(method);
      return m.getParameterCount() == 0 ? m.invoke(target) : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    } catch (LinkageError e) {
      Fatal.rethrowIfFatal(e);
      return null;
    }
  }

  private static long number(Object o) {
    return o instanceof Number n ? n.longValue() : 0;
  }
}
