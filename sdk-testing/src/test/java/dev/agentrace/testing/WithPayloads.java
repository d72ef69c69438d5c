package dev.agentrace.testing;

import dev.agentrace.core.data.SpanData;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * A real ended span seen with other input/output JSON text. Structured payload assertions need
 * object-shaped JSON, which these tests should not make depend on how the core captures Java values.
 */
final class WithPayloads {
  private WithPayloads() {}

  static SpanData of(SpanData real, String inputJson, String outputJson) {
    return (SpanData) Proxy.newProxyInstance(SpanData.class.getClassLoader(), new Class<?>[] {SpanData.class},
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "input":
              return inputJson;
            case "output":
              return outputJson;
            default:
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
          }
        });
  }
}
