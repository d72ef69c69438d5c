package com.example.orders;

import dev.agentrace.api.Tracer;
import dev.agentrace.langchain4j.AgentraceLangChain4j;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;

/** The user's agent: an AI service with one tool, traced with the integration's two lines. */
public final class OrderDesk {
  /** The AI service. */
  public interface Assistant {
    String answer(String question);
  }

  /** The tool. */
  public static final class Tools {
    @Tool("Looks up where an order is")
    public String orderStatus(String orderId) {
      return orderId + " shipped";
    }
  }

  private OrderDesk() {}

  /** {@code modelFactory} builds the model with the listener it is given, as a provider builder would. */
  public static Assistant create(Tracer tracer, java.util.function.Function<
      dev.langchain4j.model.chat.listener.ChatModelListener, ChatModel> modelFactory) {
    AgentraceLangChain4j tracing = AgentraceLangChain4j.create(tracer);
    return tracing.instrument(AiServices.builder(Assistant.class))
        .chatModel(modelFactory.apply(tracing.chatModelListener()))
        .tools(new Tools())
        .build();
  }
}
