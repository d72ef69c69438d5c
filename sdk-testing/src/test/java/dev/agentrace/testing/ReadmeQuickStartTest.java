package dev.agentrace.testing;

import static dev.agentrace.testing.AgentraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrace.api.Span;
import dev.agentrace.api.SpanKind;
import dev.agentrace.api.Tracer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Quick start of README.md, run as written: the agent method and the assertion line between the
 * "doc:" markers below are the documentation's code, and {@link #docs_quickStartBlocks_areThisTestsCode}
 * fails when README.md, docs/getting-started.md or docs/testing.md no longer show exactly that code.
 */
class ReadmeQuickStartTest {
  @RegisterExtension static AgentraceExtension tracing = AgentraceExtension.create();

  record Hit(String text) {}

  interface Search {
    List<Hit> find(String query);
  }

  static final class SupportAgent {
    private final Tracer tracer;
    private final Search search;

    SupportAgent(Tracer tracer, Search search) {
      this.tracer = tracer;
      this.search = search;
    }

    // doc:agent
    String handle(String ticket) {
      try (Span run = tracer.span("handle_ticket").kind(SpanKind.AGENT).input(ticket).start()) {
        try {
          List<Hit> hits = tracer.span("web_search").kind(SpanKind.TOOL).input(ticket)
              .call(() -> search.find(ticket));     // output, status and errors recorded for you
          String answer = answer(hits);
          run.output(answer).ok();                  // closing alone would leave the status UNSET
          return answer;
        } catch (RuntimeException e) {
          run.error(e);                             // try-with-resources cannot see the exception
          throw e;
        }
      }
    }
    // doc:end

    private static String answer(List<Hit> hits) {
      return hits.isEmpty() ? "Sorry, I found nothing." : hits.get(0).text();
    }
  }

  @Test
  void quickStart_readmePatternUnderExtension_passesReadmeAssertion() {
    // doc:test
    new SupportAgent(tracing.tracer(), query -> List.of(new Hit("Refunds take 5 days"))).handle("refund please");
    assertThat(tracing.trace()).hasRoot("handle_ticket").hasChildren("web_search").root().isOk();
    // doc:end
  }

  @Test
  void quickStart_searchFails_rootIsErrorAndExceptionPropagates() {
    SupportAgent agent = new SupportAgent(tracing.tracer(), query -> {
      throw new IllegalStateException("search is down");
    });
    assertThatThrownBy(() -> agent.handle("refund please")).hasMessage("search is down");
    assertThat(tracing.trace()).root().isError().hasErrorMessageContaining("search is down");
    assertThat(tracing.trace()).span("web_search").isError();
  }

  @Test
  void docs_quickStartBlocks_areThisTestsCode() throws IOException {
    Path root = repositoryRoot();
    String self = read(root.resolve("sdk-testing/src/test/java/dev/agentrace/testing/ReadmeQuickStartTest.java"));
    String agent = block(self, "// doc:agent");
    String test = block(self, "// doc:test");
    for (String doc : List.of("README.md", "docs/getting-started.md", "docs/testing.md")) {
      List<String> text = read(root.resolve(doc)).lines().map(String::stripTrailing).collect(Collectors.toList());
      assertThat(containsIndented(text, agent)).as(doc + " shows the Quick start agent method:\n" + agent).isTrue();
      assertThat(containsIndented(text, test)).as(doc + " shows the Quick start assertion:\n" + test).isTrue();
    }
  }

  /** The lines between {@code marker} and the next "// doc:end", without their common indentation. */
  private static String block(String source, String marker) {
    int start = source.indexOf('\n', source.indexOf(marker)) + 1;
    String body = source.substring(start, source.indexOf("// doc:end", start));
    List<String> lines = body.lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
    int indent = lines.stream().mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    return lines.stream().map(l -> l.substring(indent).stripTrailing()).collect(Collectors.joining("\n"));
  }

  /** {@code lines} hold {@code block}'s lines one after another, all indented by the same amount. */
  private static boolean containsIndented(List<String> lines, String block) {
    List<String> want = block.lines().collect(Collectors.toList());
    for (int i = 0; i + want.size() <= lines.size(); i++) {
      String first = lines.get(i);
      if (!first.endsWith(want.get(0)) || !first.substring(0, first.length() - want.get(0).length()).isBlank()) {
        continue;
      }
      String indent = first.substring(0, first.length() - want.get(0).length());
      boolean all = true;
      for (int k = 1; k < want.size() && all; k++) {
        all = lines.get(i + k).equals(indent + want.get(k));
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  private static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("docs/testing.md"))) {
      p = p.getParent();
    }
    assertThat(p).as("repository root (with docs/testing.md) above " + Path.of("").toAbsolutePath()).isNotNull();
    return p;
  }

  private static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }
}
