package dev.agentrace.opentelemetry;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Zipkin server ({@code io.zipkin:zipkin-server}, the exec jar the build fetches) in a child JVM on a
 * free loopback port with in-memory storage, for as long as the test holds it.
 */
final class ZipkinServer implements AutoCloseable {
  private final Process process;
  private final Path log;
  final int port;
  final long startupMillis;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ZipkinServer() throws IOException, InterruptedException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    log = Files.createTempFile("zipkin-server", ".log");
    long started = System.nanoTime();
    ProcessBuilder pb = new ProcessBuilder(List.of(ChildJvm.java(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-jar", ChildJvm.testJar("zipkin-server-exec.jar").toString(),
        // Loopback only, on the free port: the server is reachable from this machine alone.
        "--armeria.ports[0].ip=127.0.0.1", "--armeria.ports[0].port=" + port, "--armeria.ports[0].protocols[0]=http"))
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("STORAGE_TYPE", "mem");
    process = pb.start();
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (!healthy()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        String output = Files.readString(log);
        close();
        throw new AssertionError("Zipkin server did not become healthy on port " + port + ":\n" + output);
      }
      Thread.sleep(200);
    }
    startupMillis = (System.nanoTime() - started) / 1_000_000;
  }

  private boolean healthy() {
    try {
      return get("/health").statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(log);
  }
}
