package dev.agentrace.exporters.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exporter's connections: Nagle's algorithm is off, or every request whose body spans two buffer segments
 * waits 40 ms for the server's delayed acknowledgement (measured on loopback on a shared 2-core machine: about
 * 45 ms a request for a 20-span batch before the fix, 2-5 ms after).
 */
class OtlpConnectionTest {

  @Test
  void client_usesSocketsWithNagleOff() {
    OtlpHttpExporter exporter = OtlpHttpExporter.builder().build();
    assertThat(exporter.sender.client.socketFactory()).isSameAs(NoDelaySocketFactory.INSTANCE);
  }

  @Test
  void noDelaySocketFactory_everyOverload_turnsNagleOff() throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocket server = new ServerSocket(0, 50, loopback)) {
      int port = server.getLocalPort();
      NoDelaySocketFactory f = NoDelaySocketFactory.INSTANCE;
      List<Socket> sockets = new ArrayList<>(List.of(
          f.createSocket(),
          f.createSocket(loopback.getHostAddress(), port),
          f.createSocket(loopback.getHostAddress(), port, loopback, 0),
          f.createSocket(loopback, port),
          f.createSocket(loopback, port, loopback, 0)));
      try {
        assertThat(sockets).allSatisfy(s -> assertThat(s.getTcpNoDelay()).isTrue());
      } finally {
        for (Socket s : sockets) {
          s.close();
        }
      }
    }
  }
}
