package dev.scribe.controller;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.server.LowResourceMonitor;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Shortens the idle timeout of every connection while the server holds {@code maxConnections} of them.
 *
 * <p>At the limit the server accepts no more connections, so a thousand clients that connect and send nothing
 * held every slot for the whole idle timeout (30 s by default), and no other client was served meanwhile. While
 * the connections are all taken, one silent for {@link #SILENCE} (or the idle timeout, if shorter) is closed as an
 * idle one is: a stalled body is answered 408, a connection that sent nothing is closed without an answer.
 */
final class ConnectionFlood {
  /** How long a connection may stay silent while every connection is taken. */
  static final Duration SILENCE = Duration.ofSeconds(2);

  private ConnectionFlood() {}

  static LowResourceMonitor monitor(Server server, ServerConnector connector, int maxConnections, Duration idleTimeout) {
    LowResourceMonitor monitor = new LowResourceMonitor(server);
    monitor.setMonitoredConnectors(List.of(connector));
    monitor.setMonitorThreads(false);
    monitor.setPeriod(500);
    monitor.setLowResourcesIdleTimeout((int) Math.min(idleTimeout.toMillis(), SILENCE.toMillis()));
    monitor.setLowResourceChecks(Set.of(new LowResourceMonitor.LowResourceCheck() {
      @Override
      public boolean isLowOnResources() {
        return connector.getConnectedEndPoints().size() >= maxConnections;
      }

      @Override
      public String getReason() {
        return "all " + maxConnections + " connections (maxConnections) are open";
      }
    }));
    return monitor;
  }
}
