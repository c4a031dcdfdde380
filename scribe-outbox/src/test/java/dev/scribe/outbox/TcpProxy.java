package dev.scribe.outbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a server, which a test stops (refusing and cutting every connection, as a broker
 * that went away) and starts again on the same port, or keeps listening while it closes what connects before a
 * byte is exchanged ({@link #closeWhatConnects}, as a server that is restarting).
 */
public final class TcpProxy implements AutoCloseable {
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private int port;
  private ServerSocket server;
  private volatile boolean closeWhatConnects;

  public TcpProxy(int targetPort) {
    this.targetPort = targetPort;
  }

  public int port() {
    return port;
  }

  public synchronized void start() throws IOException {
    server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress("127.0.0.1", port));
    port = server.getLocalPort();
    ServerSocket listening = server;
    Thread acceptor = new Thread(() -> {
      while (!listening.isClosed()) {
        try {
          Socket client = listening.accept();
          if (closeWhatConnects) {
            client.close(); // before any handshake: the client reads the end of the stream
            continue;
          }
          Socket target = new Socket("127.0.0.1", targetPort);
          sockets.add(client);
          sockets.add(target);
          pump(client, target);
          pump(target, client);
        } catch (IOException e) {
          return;
        }
      }
    }, "tcp-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void pump(Socket from, Socket to) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[16_384];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
          out.write(buffer, 0, read);
          out.flush();
        }
      } catch (IOException e) {
        // one side closed
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "tcp-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  /** While true, a connection made to the proxy is closed at once instead of forwarded. */
  public void closeWhatConnects(boolean closing) {
    closeWhatConnects = closing;
  }

  /** Cuts every connection forwarded so far, and goes on listening. */
  public void cut() {
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    sockets.clear();
  }

  /** Stops listening and cuts every connection. */
  public synchronized void stop() throws IOException {
    server.close();
    cut();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    stop();
  }
}
