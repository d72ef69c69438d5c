package dev.agentrace.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A warning must reach a person: a child JVM makes an instrumentation mistake three times, once with the
 * test classpath's SLF4J provider and once with every provider jar removed (a library user's default, only
 * slf4j-api), and its standard error is read.
 */
class WarningsFallbackTest {
  private static final String WARNING = "Tracer.span(null): a span needs a name; recorded as 'unnamed'.";
  /** Jars that bind SLF4J; removing them leaves slf4j-api with no provider. */
  private static final Pattern PROVIDER_JAR =
      Pattern.compile(".*(slf4j-simple|slf4j-nop|slf4j-jdk14|slf4j-reload4j|logback-classic|log4j-slf4j2?-impl).*");

  @TempDir Path dir;

  @Test
  void warning_withoutSlf4jProvider_isPrintedOnceOnSystemLogger() throws Exception {
    String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !PROVIDER_JAR.matcher(entry).matches())
        .collect(Collectors.joining(File.pathSeparator));
    assertThat(classpath).contains("slf4j-api");

    Child child = run(classpath);

    assertThat(count(child.err, WARNING)).as(child.err).isEqualTo(1);
    assertThat(child.out).contains("fallback=true");
    // java.util.logging's default console format: the level on the message's line, on standard error.
    assertThat(child.err).contains("WARNING: " + WARNING);
  }

  @Test
  void warning_withSlf4jProvider_goesToSlf4jNotSystemLogger() throws Exception {
    assertThat(System.getProperty("java.class.path")).contains("slf4j-simple");

    Child child = run(System.getProperty("java.class.path"));

    assertThat(count(child.err, WARNING)).as(child.err).isEqualTo(1);
    assertThat(child.out).contains("fallback=false");
    // slf4j-simple's format, under the SDK's logger name; nothing from java.util.logging.
    assertThat(child.err).contains("WARN dev.agentrace - " + WARNING).doesNotContain("WARNING:");
  }

  private record Child(String out, String err) {}

  private Child run(String classpath) throws IOException, InterruptedException {
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Duser.language=en", "-cp", classpath, WarningsChild.class.getName());
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("child finished").isTrue();
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(stderr).isZero();
    return new Child(Files.readString(out, StandardCharsets.UTF_8), stderr);
  }

  private static int count(String text, String needle) {
    Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
