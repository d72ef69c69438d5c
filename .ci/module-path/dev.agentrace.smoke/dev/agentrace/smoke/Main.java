package dev.agentrace.smoke;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import dev.agentrace.core.AgentraceSdk;
import dev.agentrace.core.SdkStats;
import dev.agentrace.exporters.jsonl.JsonlExporter;
import dev.agentrace.langchain4j.AgentraceLangChain4j;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.agentrace.schema.ActivitySchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Traces one agent run on the module path, with a schema check and a JSONL file, and exits non-zero unless
 * every span reached the file and the tool span conforms. A split package or a class that only the class path can reach
 * fails here, at resolution or at the first call.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    Path out = Files.createTempFile("agentrace-module-path", ".jsonl");
    ActivitySchema schema = ActivitySchema.fromJson(
        "{\"types\":{\"web_search\":{\"payload\":{\"type\":\"object\",\"required\":[\"query\"]}}}}");
    AgentraceSdk sdk = AgentraceSdk.builder().agent("module-path-smoke").shutdownHook(false)
        .activitySchema(schema).exporter(JsonlExporter.create(out)).build();
    Tracer tracer = sdk.tracer();
    try (Span run = tracer.span("handle").kind(SpanKind.AGENT).input("hello").start()) {
      List<String> hits = tracer.span("search").kind(SpanKind.TOOL).type("web_search")
          .input(Map.of("query", "weather")).call(() -> List.of("sunny"));
      run.output(hits.get(0));
      // The LangChain4j integration, with LangChain4j's own jars as automatic modules: one LLM span.
      ChatModelListener listener = AgentraceLangChain4j.create(tracer).chatModelListener();
      ChatModel model = new ChatModel() {
        @Override
        public ChatResponse doChat(ChatRequest request) {
          return ChatResponse.builder().aiMessage(dev.langchain4j.data.message.AiMessage.from("hi")).build();
        }

        @Override
        public List<ChatModelListener> listeners() {
          return List.of(listener);
        }
      };
      model.chat(ChatRequest.builder().messages(UserMessage.from("hello")).build());
    }
    SdkStats stats = sdk.shutdown(Duration.ofSeconds(10));
    List<String> lines = Files.readAllLines(out);
    Files.delete(out);
    // Three live start events and three ended spans; the tool span was checked against the schema and conforms.
    boolean ok = stats.spansExported() == 3 && lines.size() == 6
        && lines.stream().anyMatch(l -> l.contains("\"name\":\"search\"") && l.contains("\"status\":\"CONFORMS\""));
    System.out.println((ok ? "module path OK: " : "module path FAILED: ") + stats + " " + lines.size() + " lines");
    if (!ok) {
      System.exit(1);
    }
  }
}
