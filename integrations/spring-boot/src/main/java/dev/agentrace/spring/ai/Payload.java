package dev.agentrace.spring.ai;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.util.json.JsonParser;

/**
 * Spring AI's request and response objects as plain maps and lists, the shapes Agentrace records as JSON:
 * messages as {@code {"role", "content", "tool_calls"?, "tool_responses"?}}, the way chat APIs write them.
 */
final class Payload {
  private Payload() {}

  /** The prompt's messages, in order. */
  static List<Map<String, Object>> messages(Prompt prompt) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (prompt == null) {
      return out;
    }
    for (Message m : prompt.getInstructions()) {
      out.add(message(m));
    }
    return out;
  }

  static Map<String, Object> message(Message m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("role", m.getMessageType() == null ? "unknown" : m.getMessageType().getValue());
    String text = m.getText();
    if (text != null && !text.isEmpty()) {
      out.put("content", text);
    }
    if (m instanceof AssistantMessage a && a.hasToolCalls()) {
      List<Map<String, Object>> calls = new ArrayList<>();
      for (AssistantMessage.ToolCall call : a.getToolCalls()) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", call.id());
        c.put("name", call.name());
        c.put("arguments", json(call.arguments()));
        calls.add(c);
      }
      out.put("tool_calls", calls);
    }
    if (m instanceof ToolResponseMessage t) {
      List<Map<String, Object>> responses = new ArrayList<>();
      for (ToolResponseMessage.ToolResponse r : t.getResponses()) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", r.id());
        c.put("name", r.name());
        c.put("result", json(r.responseData()));
        responses.add(c);
      }
      out.put("tool_responses", responses);
    }
    return out;
  }

  /** The completion: the one generation's message, or the list of them when the model returned several. */
  static Object completion(ChatResponse response) {
    if (response == null || response.getResults() == null || response.getResults().isEmpty()) {
      return null;
    }
    List<Generation> results = response.getResults();
    if (results.size() == 1) {
      return message(results.get(0).getOutput());
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Generation g : results) {
      out.add(message(g.getOutput()));
    }
    return out;
  }

  /** The finish reasons of the generations, comma-separated; null when none is known. */
  static String finishReasons(ChatResponse response) {
    if (response == null || response.getResults() == null) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (Generation g : response.getResults()) {
      String reason = g.getMetadata() == null ? null : g.getMetadata().getFinishReason();
      if (reason != null && !reason.isEmpty()) {
        out.append(out.length() == 0 ? "" : ",").append(reason);
      }
    }
    return out.length() == 0 ? null : out.toString();
  }

  /**
   * JSON text Spring AI hands over as a string (tool arguments and results) as the value it denotes, so the
   * span records {@code {"city":"Paris"}} rather than a string holding JSON; text that is not JSON stays text.
   */
  static Object json(String text) {
    if (text == null || text.isBlank()) {
      return text;
    }
    char first = text.strip().charAt(0);
    if (first != '{' && first != '[' && first != '"') {
      return text;
    }
    try {
      Object value = JsonParser.fromJson(text, Object.class);
      return value == null ? text : value;
    } catch (RuntimeException e) {
      return text;
    }
  }
}
