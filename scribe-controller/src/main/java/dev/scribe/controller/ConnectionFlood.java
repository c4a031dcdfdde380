package dev.scribe.controller;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.LowResourceMonitor;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Shortens the idle timeout of the silent connections while the server holds {@code maxConnections} of them.
 *
 * <p>At the limit the server accepts no more connections, so a thousand clients that connect and send nothing
 * held every slot for the whole idle timeout (30 s by default), and no other client was served meanwhile. While
 * the connections are all taken, one silent for {@link #SILENCE} (or the idle timeout, if shorter) is closed as an
 * idle one is: a stalled body is answered 408, a connection that sent nothing is closed without an answer.
 *
 * <p>A connection whose response is being written keeps the idle timeout: its client reads slowly, a large
 * export for instance, and the write waits for room in the socket, which a slow reader frees seldom. With the
 * short timeout such a response was cut off after 2 s. A request whose handler works without reading or writing
 * (a long query, a stream of events between two lines) needs nothing here: Jetty does not expire a request that
 * waits for neither.
 */
final class ConnectionFlood {
  /** How long a connection may stay silent while every connection is taken. */
  static final Duration SILENCE = Duration.ofSeconds(2);
  /** How often the connections are counted, and the timeouts set again while they are all taken. */
  private static final int PERIOD_MILLIS = 500;

  private ConnectionFlood() {}

  static LowResourceMonitor monitor(Server server, ServerConnector connector, int maxConnections, Duration idleTimeout) {
    Monitor monitor = new Monitor(server, connector);
    monitor.setMonitoredConnectors(List.of(connector));
    monitor.setMonitorThreads(false);
    monitor.setPeriod(PERIOD_MILLIS);
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

  /**
   * Jetty's monitor gives every connection the short timeout once, as the limit is reached. This one sets each
   * connection's timeout again at every check while the limit holds: short for the others, the configured one for
   * a connection writing a response (a write that starts waiting between two checks is seen within
   * {@link #PERIOD_MILLIS}, well inside {@link #SILENCE}); a connection accepted meanwhile gets the short one too.
   */
  private static final class Monitor extends LowResourceMonitor {
    private final ServerConnector connector;

    Monitor(Server server, ServerConnector connector) {
      super(server);
      this.connector = connector;
    }

    @Override
    protected void monitor() {
      super.monitor();
      if (isLowOnResources()) {
        setLowResources();
      }
    }

    @Override
    protected void setLowResources() {
      for (EndPoint endPoint : connector.getConnectedEndPoints()) {
        long timeout = writing(endPoint) ? connector.getIdleTimeout() : getLowResourcesIdleTimeout();
        if (endPoint.getIdleTimeout() != timeout) {
          endPoint.setIdleTimeout(timeout);
        }
      }
    }

    private static boolean writing(EndPoint endPoint) {
      return endPoint instanceof AbstractEndPoint && ((AbstractEndPoint) endPoint).getWriteFlusher().isPending();
    }
  }
}
