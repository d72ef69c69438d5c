package dev.agentrace.examples;

import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.exporters.console.ConsoleExporter;
import dev.agentrace.exporters.jsonl.JsonlExporter;
import dev.agentrace.exporters.otlp.OtlpHttpExporter;
import dev.agentrace.langchain4j.AgentraceLangChain4j;
import dev.langchain4j.guardrail.InputGuardrailException;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.tool.ToolErrorHandlerResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The LangChain4j demo ({@code ./run-demo.sh --langchain4j}): an order-desk agent built the LangChain4j way
 * (a chat model, a real {@code AiServices} proxy, {@code @Tool} methods, a retriever and an input guardrail),
 * traced by the two lines of {@code agentrace-langchain4j}. The model is scripted so the demo runs offline;
 * everything around it is LangChain4j's own code. Same exporters and options as {@link SupportAgentDemo}:
 * the console shows each step as it starts and ends, every span goes to {@code agentrace-traces.jsonl}, and
 * {@code --otlp <url>} also sends them to an OTLP endpoint.
 */
public final class LangChain4jAgentDemo {
  private LangChain4jAgentDemo() {}

  /** The AI service: one method, one conversation turn. */
  interface OrderAssistant {
    @SystemMessage("You are the order desk of an online shop. Use the tools; never invent order details.")
    String handle(String customerMessage);
  }

  /** {@code --otlp <url>}, {@code --jsonl <path>}, {@code --append} and {@code --pace <factor>}, as the main demo. */
  public static void main(String[] args) {
    String otlp = null;
    Path jsonl = Path.of("agentrace-traces.jsonl");
    boolean append = false;
    double pace = 1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--otlp" -> otlp = SupportAgentDemo.value(args, ++i, "--otlp");
        case "--jsonl" -> jsonl = Path.of(SupportAgentDemo.value(args, ++i, "--jsonl"));
        case "--append" -> append = true;
        case "--pace" -> pace = Double.parseDouble(SupportAgentDemo.value(args, ++i, "--pace"));
        default -> throw new IllegalArgumentException("unknown option '" + args[i]
            + "'; use --otlp <url>, --jsonl <path>, --append or --pace <factor>");
      }
    }
    AgentraceSdk.Builder builder = AgentraceSdk.builder()
        .agent("order-desk").version("2.0.0").environment("demo")
        .batchDelay(Duration.ofMillis(SupportAgentDemo.LIVE_BATCH_DELAY_MILLIS))
        .exporter(ConsoleExporter.builder().previewLength(60).maxLineWidth(SupportAgentDemo.MAX_WIDTH).build())
        .exporter(JsonlExporter.builder(jsonl).append(append).build());
    if (otlp != null) {
      builder.exporter(OtlpHttpExporter.builder().endpoint(otlp).build());
    }
    AgentraceSdk sdk = builder.build();

    // The two lines: the listener on the model, instrument(..) on the AI service builder.
    AgentraceLangChain4j tracing = AgentraceLangChain4j.create(sdk.tracer());
    OrderAssistant assistant = tracing.instrument(AiServices.builder(OrderAssistant.class))
        .chatModel(new ScriptedOrderModel(pace, tracing.chatModelListener()))
        .tools(new OrderDesk(pace))
        .contentRetriever(new OrderDesk.Policies().addListener(tracing.contentRetrieverListener()))
        .inputGuardrails(new OrderDesk.NoSecrets())
        .executeToolsConcurrently()
        // The failing refund goes back to the model as text, as LangChain4j does by default, minus its log line.
        .toolExecutionErrorHandler((error, context) -> ToolErrorHandlerResult.text(error.getMessage()))
        .build();

    List<String> messages = List.of(
        "Where are my orders A-1001 and A-1002?",
        "Please refund order B-2002, it arrived broken.",
        "My password is hunter2, can you check order A-1003?");
    System.out.println("order-desk 2.0.0 (LangChain4j AiServices) handles " + messages.size()
        + " messages; each step is printed as it starts (>) and ends (<).");
    System.out.println();
    for (String message : messages) {
      try {
        assistant.handle(message);
      } catch (InputGuardrailException e) {
        // The guardrail did its job; the trace shows the GUARDRAIL span that stopped the call.
      }
      sdk.flush(Duration.ofSeconds(5));
    }

    SupportAgentDemo.printSummary(sdk.shutdown(Duration.ofSeconds(5)), append, jsonl);
  }
}
