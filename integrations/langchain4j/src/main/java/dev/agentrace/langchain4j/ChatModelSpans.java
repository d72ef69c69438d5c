package dev.agentrace.langchain4j;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanBuilder;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.output.TokenUsage;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * LLM spans from {@link ChatModelListener}: started in {@code onRequest} on the calling thread, ended in
 * {@code onResponse}/{@code onError}, which for a streaming model arrive on the provider's thread. The span
 * travels between them in the context's attributes map, which LangChain4j shares across the three calls of
 * one model call.
 */
final class ChatModelSpans implements ChatModelListener {
  /** Our key in LangChain4j's per-call attributes map; a private object, so no other listener collides. */
  private static final Object SPAN_KEY = new Object() {
    @Override
    public String toString() {
      return "agentrace.span";
    }
  };

  private final Tracer tracer;
  private final Invocations invocations;

  ChatModelSpans(Tracer tracer, Invocations invocations) {
    this.tracer = tracer;
    this.invocations = invocations;
  }

  @Override
  public void onRequest(ChatModelRequestContext ctx) {
    Safe.run("a model request", () -> {
      ChatRequest req = ctx.chatRequest();
      ChatRequestParameters p = req.parameters();
      String model = p == null ? null : p.modelName();
      SpanBuilder b = Invocations.under(tracer, model == null ? "chat" : "chat " + model, invocations.takeModelCall())
          .kind(SpanKind.LLM)
          .input(input(req));
      if (model != null) {
        b.model(model);
      }
      if (ctx.modelProvider() != null) {
        b.attribute("gen_ai.provider.name", ctx.modelProvider().name().toLowerCase(Locale.ROOT));
      }
      b.attribute("gen_ai.operation.name", "chat");
      if (p != null) {
        if (p.temperature() != null) {
          b.attribute("gen_ai.request.temperature", p.temperature().doubleValue());
        }
        if (p.maxOutputTokens() != null) {
          b.attribute("gen_ai.request.max_tokens", p.maxOutputTokens().longValue());
        }
        if (p.topP() != null) {
          b.attribute("gen_ai.request.top_p", p.topP().doubleValue());
        }
      }
      Span span = b.start();
      FirstToken.attach(span);
      Safe.park(ctx.attributes(), SPAN_KEY, span);
    });
  }

  @Override
  public void onResponse(ChatModelResponseContext ctx) {
    Safe.run("a model response", () -> {
      if (!(ctx.attributes().remove(SPAN_KEY) instanceof Span span)) {
        return;
      }
      try {
        ChatResponse r = ctx.chatResponse();
        if (r != null) {
          if (r.aiMessage() != null) {
            span.output(Messages.assistant(r.aiMessage()));
          }
          ChatResponseMetadata m = r.metadata();
          if (m != null) {
            if (m.modelName() != null) {
              span.attribute("gen_ai.response.model", m.modelName());
            }
            if (m.id() != null) {
              span.attribute("gen_ai.response.id", m.id());
            }
            if (m.finishReason() != null) {
              span.attribute("gen_ai.response.finish_reasons", m.finishReason().name().toLowerCase(Locale.ROOT));
            }
            usage(span, m.tokenUsage());
          }
        }
        span.ok();
      } finally {
        span.end();
      }
    });
  }

  @Override
  public void onError(ChatModelErrorContext ctx) {
    Safe.run("a model error", () -> {
      if (ctx.attributes().remove(SPAN_KEY) instanceof Span span) {
        span.error(ctx.error());
        span.end();
      }
    });
  }

  private static Map<String, Object> input(ChatRequest req) {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("messages", Messages.messages(req.messages()));
    if (req.parameters() != null && req.parameters().toolSpecifications() != null
        && !req.parameters().toolSpecifications().isEmpty()) {
      in.put("tools", Messages.tools(req.parameters().toolSpecifications()));
    }
    return in;
  }

  /**
   * Input and output tokens from LangChain4j's {@link TokenUsage}; cached and reasoning tokens where the
   * provider's subclass reports them (OpenAI's {@code inputTokensDetails().cachedTokens()}, Anthropic's
   * {@code cacheReadInputTokens()}), read reflectively because langchain4j-core names neither.
   */
  static void usage(Span span, TokenUsage u) {
    if (u == null || (u.inputTokenCount() == null && u.outputTokenCount() == null)) {
      return;
    }
    long in = u.inputTokenCount() == null ? 0 : u.inputTokenCount();
    long out = u.outputTokenCount() == null ? 0 : u.outputTokenCount();
    long cached = ProviderUsage.cachedInputTokens(u);
    long reasoning = ProviderUsage.reasoningTokens(u);
    if (cached > 0 || reasoning > 0) {
      span.usage(in, out, cached, reasoning);
    } else {
      span.usage(in, out);
    }
  }
}
