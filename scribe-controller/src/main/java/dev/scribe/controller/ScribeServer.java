package dev.scribe.controller;

import dev.scribe.core.ConfigurationException;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An embedded Jetty 12 server for a {@link RestApplication}: for tests, demos and benchmarks. Needs
 * {@code org.eclipse.jetty.ee10:jetty-ee10-servlet} on the class path (an optional dependency of this
 * module). Starting it also starts the application ({@code onStart}).
 *
 * <pre>{@code
 * try (ScribeServer server = ScribeServer.start(app, 0)) {      // 0: any free port
 *   HttpRequest.newBuilder(server.uri().resolve("/tasks")) ...
 * }
 * }</pre>
 */
public final class ScribeServer implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;

  private ScribeServer(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /** Serves {@code app} at {@code /} on {@code port} (0 for an ephemeral port) of every interface. */
  public static ScribeServer start(RestApplication app, int port) {
    return builder().port(port).application("/*", app).start();
  }

  /** Starts configuring a server with several servlets. */
  public static Builder builder() {
    return new Builder();
  }

  /** The port the server listens on (the real one when started with port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** {@code http://localhost:<port>/}. */
  public URI uri() {
    return URI.create("http://localhost:" + port() + "/");
  }

  /** Stops the server; in-flight requests are cut off. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the embedded Jetty server on port " + port() + " did not stop: " + e.getMessage(), e);
    }
  }

  /** Collects the port, host and servlets of a {@link ScribeServer}. */
  public static final class Builder {
    private int port;
    private String host;
    private final Map<String, HttpServlet> servlets = new LinkedHashMap<>();
    private final Map<String, RestApplication> applications = new LinkedHashMap<>();

    private Builder() {}

    /** The port; 0 (the default) picks a free one. */
    public Builder port(int listenPort) {
      this.port = listenPort;
      return this;
    }

    /** The interface to listen on; every interface by default. */
    public Builder host(String listenHost) {
      this.host = listenHost;
      return this;
    }

    /** Serves {@code app} under a servlet mapping such as {@code /*} or {@code /api/*}. */
    public Builder application(String mapping, RestApplication app) {
      applications.put(mapping, app);
      return servlet(mapping, app.servlet());
    }

    /** Serves any other servlet under a mapping. */
    public Builder servlet(String mapping, HttpServlet servlet) {
      if (servlets.putIfAbsent(mapping, servlet) != null) {
        throw new ConfigurationException("two servlets are mapped to '" + mapping + "'");
      }
      return this;
    }

    /** Starts the applications ({@code onStart}) and then the server. */
    public ScribeServer start() {
      applications.values().forEach(RestApplication::start);
      Server server = new Server();
      ServerConnector connector = new ServerConnector(server);
      connector.setPort(port);
      if (host != null) {
        connector.setHost(host);
      }
      server.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler("/");
      servlets.forEach((mapping, servlet) -> context.addServlet(new ServletHolder(servlet), mapping));
      server.setHandler(context);
      try {
        server.start();
      } catch (Exception e) {
        try {
          server.stop();
        } catch (Exception ignored) {
          e.addSuppressed(ignored);
        }
        throw new IllegalStateException("the embedded Jetty server could not start on port " + port + ": "
            + e.getMessage(), e);
      }
      return new ScribeServer(server, connector);
    }
  }
}
