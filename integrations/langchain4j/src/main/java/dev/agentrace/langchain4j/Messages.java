package dev.agentrace.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.CustomMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LangChain4j's messages as plain maps and lists, the shape span payloads are captured in: role and content
 * as chat APIs name them ({@code system}, {@code user}, {@code assistant}, {@code tool}), tool calls with
 * their arguments parsed when they are JSON, so that a JSON pointer reaches into them.
 */
final class Messages {
  private Messages() {}

  static List<Object> messages(List<ChatMessage> messages) {
    List<Object> out = new ArrayList<>(messages == null ? 0 : messages.size());
    if (messages != null) {
      for (ChatMessage m : messages) {
        out.add(message(m));
      }
    }
    return out;
  }

  static Map<String, Object> message(ChatMessage m) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (m instanceof SystemMessage s) {
      out.put("role", "system");
      out.put("content", s.text());
    } else if (m instanceof UserMessage u) {
      out.put("role", "user");
      if (u.name() != null) {
        out.put("name", u.name());
      }
      out.put("content", userText(u));
    } else if (m instanceof AiMessage a) {
      return assistant(a);
    } else if (m instanceof ToolExecutionResultMessage t) {
      out.put("role", "tool");
      out.put("tool_call_id", t.id());
      out.put("name", t.toolName());
      out.put("content", t.text());
      if (Boolean.TRUE.equals(t.isError())) {
        out.put("is_error", true);
      }
    } else if (m instanceof CustomMessage c) {
      out.put("role", "custom");
      out.put("content", c.attributes());
    } else if (m != null) {
      out.put("role", String.valueOf(m.type()).toLowerCase(java.util.Locale.ROOT));
      out.put("content", String.valueOf(m));
    }
    return out;
  }

  /** The assistant's reply: its text, and the tool calls it asks for. */
  static Map<String, Object> assistant(AiMessage a) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("role", "assistant");
    out.put("content", a.text());
    if (a.thinking() != null) {
      out.put("thinking", a.thinking());
    }
    if (a.hasToolExecutionRequests()) {
      List<Object> calls = new ArrayList<>();
      for (ToolExecutionRequest r : a.toolExecutionRequests()) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("id", r.id());
        call.put("name", r.name());
        call.put("arguments", JsonValues.parseOrText(r.arguments()));
        calls.add(call);
      }
      out.put("tool_calls", calls);
    }
    return out;
  }

  /** The user's text: the single text, or the text parts joined; other parts are named by their type. */
  static String userText(UserMessage u) {
    if (u == null) {
      return null;
    }
    if (u.hasSingleText()) {
      return u.singleText();
    }
    StringBuilder sb = new StringBuilder();
    for (Content c : u.contents()) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append(c instanceof TextContent t ? t.text() : "[" + c.type() + "]");
    }
    return sb.toString();
  }

  static List<Object> tools(List<ToolSpecification> specs) {
    List<Object> out = new ArrayList<>(specs.size());
    for (ToolSpecification s : specs) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("name", s.name());
      if (s.description() != null) {
        t.put("description", s.description());
      }
      if (s.parameters() != null) {
        t.put("parameters", JsonValues.parseOrText(s.toJson()) instanceof Map<?, ?> m ? m.get("parameters") : null);
      }
      out.add(t);
    }
    return out;
  }
}
