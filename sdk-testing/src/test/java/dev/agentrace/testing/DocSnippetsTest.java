package dev.agentrace.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the documentation's code true. A fenced block preceded by {@code <!-- from: PATH -->} must be that file
 * of the repository, whole; with {@code <!-- from: PATH#NAME -->} it must show the lines between
 * {@code doc:NAME} and {@code doc:end} markers in that file (a whole file is shown without its markers). The files are a real project's
 * ({@code consumers/getting-started}, built and tested by {@code .ci/consumers.sh}), so a page cannot show code
 * that does not compile or does not pass its tests. Every Java block shows its imports, and every
 * {@code dev.agentrace} import names a class the repository has.
 */
class DocSnippetsTest {
  private static final Pattern FROM = Pattern.compile("^<!-- from: ([^#\\s]+)(?:#(\\S+))? -->$");
  private static final Pattern IMPORT =
      Pattern.compile("^import (?:static )?(dev\\.agentrace(?:\\.[a-z0-9_]+)*)\\.([A-Z]\\w*)[\\w.]*;$");
  private static final String GETTING_STARTED = "consumers/getting-started/";

  private final Path root = repositoryRoot();

  @Test
  void fromBlocks_showTheirFiles() throws IOException {
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (Path doc : docs()) {
      List<String> lines = read(doc);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = FROM.matcher(lines.get(i).strip());
        if (!m.matches()) {
          continue;
        }
        String where = root.relativize(doc) + ":" + (i + 1);
        if (i + 1 >= lines.size() || !lines.get(i + 1).strip().startsWith("```")) {
          failures.add(where + ": a <!-- from: --> line must be right above a fenced block");
          continue;
        }
        Path source = root.resolve(m.group(1));
        if (!Files.isRegularFile(source)) {
          failures.add(where + ": no file " + m.group(1));
          continue;
        }
        List<String> block = fenced(lines, i + 1);
        List<String> want = m.group(2) == null ? withoutMarkers(read(source)) : region(read(source), m.group(2));
        if (want.isEmpty()) {
          failures.add(where + ": no doc:" + m.group(2) + " ... doc:end region in " + m.group(1));
        } else if (m.group(2) == null ? !dedent(block).equals(want) : !containsIndented(block, want)) {
          failures.add(where + ": the block is not " + m.group(0).substring(11, m.group(0).length() - 4)
              + "; it should show:\n" + String.join("\n", want));
        }
        checked++;
      }
    }
    assertThat(failures).as("blocks that differ from their files").isEmpty();
    assertThat(checked).as("<!-- from: --> blocks found").isGreaterThanOrEqualTo(6);
  }

  @Test
  void gettingStarted_showsTheWholeConsumerProject() throws IOException {
    String page = String.join("\n", read(root.resolve("docs/getting-started.md")));
    List<String> files;
    try (Stream<Path> s = Files.walk(root.resolve(GETTING_STARTED + "src"))) {
      files = s.filter(p -> p.toString().endsWith(".java")).map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(p -> !p.endsWith("MainTest.java")).sorted().collect(Collectors.toList());
    }
    assertThat(files).isNotEmpty();
    for (String file : files) {
      assertThat(page).as("docs/getting-started.md shows " + file).contains("<!-- from: " + file + " -->");
    }
    assertThat(page).contains("<!-- from: " + GETTING_STARTED + "pom.xml#deps -->");
  }

  @Test
  void javaBlocks_showImportsOfRealClasses() throws IOException {
    List<String> failures = new ArrayList<>();
    for (Path doc : docs()) {
      List<String> lines = read(doc);
      for (int i = 0; i < lines.size(); i++) {
        if (!lines.get(i).strip().equals("```java")) {
          continue;
        }
        List<String> block = dedent(fenced(lines, i));
        String where = root.relativize(doc) + ":" + (i + 1);
        if (block.stream().noneMatch(l -> l.startsWith("import "))) {
          failures.add(where + ": a Java block without its imports");
        }
        for (String line : block) {
          Matcher m = IMPORT.matcher(line);
          if (line.startsWith("import ") && line.contains("dev.agentrace") && (!m.matches() || !hasSource(m))) {
            failures.add(where + ": " + line + " names no class of this repository");
          }
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  private boolean hasSource(Matcher imp) {
    String rel = imp.group(1).replace('.', '/') + "/" + imp.group(2) + ".java";
    try (Stream<Path> s = Files.walk(root, 6)) {
      return s.filter(p -> p.getFileName().toString().equals("java") && p.getParent() != null
              && p.getParent().getFileName().toString().equals("main") && !p.toString().contains("/target/"))
          .anyMatch(src -> Files.isRegularFile(src.resolve(rel)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<Path> docs() throws IOException {
    List<Path> docs = new ArrayList<>();
    docs.add(root.resolve("README.md"));
    try (Stream<Path> s = Files.walk(root.resolve("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }

  /** The lines inside the fenced block whose opening fence is at {@code open}. */
  private static List<String> fenced(List<String> lines, int open) {
    List<String> block = new ArrayList<>();
    for (int k = open + 1; k < lines.size() && !lines.get(k).strip().startsWith("```"); k++) {
      block.add(lines.get(k));
    }
    return block;
  }

  /** The lines between {@code doc:name} and the next {@code doc:end}, without their common indentation. */
  private static List<String> region(List<String> source, String name) {
    List<String> out = new ArrayList<>();
    boolean in = false;
    for (String line : source) {
      String s = line.strip();
      if (in && (s.equals("// doc:end") || s.equals("<!-- doc:end -->"))) {
        return dedent(out);
      }
      if (in) {
        out.add(line);
      }
      in |= s.equals("// doc:" + name) || s.equals("<!-- doc:" + name + " -->");
    }
    return List.of();
  }

  /** A whole file as a page shows it: without its {@code doc:} region markers. */
  private static List<String> withoutMarkers(List<String> lines) {
    return trimmed(lines.stream().filter(l -> !l.strip().matches("(// |<!-- )doc:\\S+( -->)?"))
        .collect(Collectors.toList()));
  }

  private static List<String> trimmed(List<String> lines) {
    int end = lines.size();
    while (end > 0 && lines.get(end - 1).isBlank()) {
      end--;
    }
    return lines.subList(0, end);
  }

  private static List<String> dedent(List<String> lines) {
    int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
        .min().orElse(0);
    return trimmed(lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.toList()));
  }

  /** {@code lines} hold {@code want} one after another, all indented by the same amount. */
  private static boolean containsIndented(List<String> lines, List<String> want) {
    for (int i = 0; i + want.size() <= lines.size(); i++) {
      String first = lines.get(i);
      if (!first.endsWith(want.get(0)) || !first.substring(0, first.length() - want.get(0).length()).isBlank()) {
        continue;
      }
      String indent = first.substring(0, first.length() - want.get(0).length());
      boolean all = true;
      for (int k = 1; k < want.size() && all; k++) {
        all = want.get(k).isEmpty() ? lines.get(i + k).isBlank() : lines.get(i + k).equals(indent + want.get(k));
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  private static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve(GETTING_STARTED))) {
      p = p.getParent();
    }
    assertThat(p).as("repository root (with " + GETTING_STARTED + ") above " + Path.of("").toAbsolutePath())
        .isNotNull();
    return p;
  }

  private static List<String> read(Path p) throws IOException {
    return Files.readAllLines(p, StandardCharsets.UTF_8).stream().map(String::stripTrailing)
        .collect(Collectors.toList());
  }
}
