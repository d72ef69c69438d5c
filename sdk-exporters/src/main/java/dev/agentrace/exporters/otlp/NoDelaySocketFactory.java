package dev.agentrace.exporters.otlp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain sockets with Nagle's algorithm off (TCP_NODELAY). OkHttp leaves it on, and writes a request body of
 * more than one 8 KiB buffer segment in two steps (the full segments as they fill, the rest at the end): the
 * last write then waits for the server to acknowledge the first, which a Linux server delays by 40 ms. That
 * capped the exporter at about 22 requests a second for batches of ~10 KB, whatever the network, and made a
 * backlog drain slowly after an outage. TLS sockets are layered on these, so they inherit the option.
 * Stateless and thread-safe.
 */
final class NoDelaySocketFactory extends SocketFactory {
  static final NoDelaySocketFactory INSTANCE = new NoDelaySocketFactory();

  private final SocketFactory sockets = SocketFactory.getDefault();

  private NoDelaySocketFactory() {}

  @Override
  public Socket createSocket() throws IOException {
    return noDelay(sockets.createSocket());
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return noDelay(sockets.createSocket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    return noDelay(sockets.createSocket(host, port, localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return noDelay(sockets.createSocket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
    return noDelay(sockets.createSocket(address, port, localAddress, localPort));
  }

  private static Socket noDelay(Socket socket) throws IOException {
    socket.setTcpNoDelay(true);
    return socket;
  }
}
