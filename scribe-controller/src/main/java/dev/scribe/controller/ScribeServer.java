package dev.scribe.controller;

import dev.scribe.controller.http.BodyBuffering;
import dev.scribe.controller.http.problem.ProblemErrorHandler;
import dev.scribe.controller.internal.files.SpoolFiles;
import dev.scribe.core.ConfigurationException;
import dev.scribe.core.ScribeException;
import dev.scribe.core.UsageException;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.LoggerFactory;

/**
 * An embedded Jetty 12 server for a {@link RestApplication}, configured for production: a bounded
 * thread pool, a connection limit (which bounds the requests waiting for a thread), an idle timeout, request bodies read without holding a
 * thread (a client that stalls mid-body cannot starve the others), a cap on the request line and
 * headers, errors Jetty raises itself written as {@code application/problem+json}, no {@code Server}
 * header, and a graceful stop that lets in-flight requests finish. Needs
 * {@code org.eclipse.jetty.ee10:jetty-ee10-servlet} on the class path (an optional dependency of this
 * module). Starting it also starts the applications ({@code onStart}).
 *
 * <pre>{@code
 * try (ScribeServer server = ScribeServer.builder()
 *     .host("127.0.0.1").port(8080)
 *     .maxThreads(200).idleTimeout(Duration.ofSeconds(30))
 *     .application("/*", app)
 *     .start()) {
 *   HttpRequest.newBuilder(server.uri().resolve("/tasks")) ...
 * }
 * }</pre>
 */
public final class ScribeServer implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;
  /** The servlets that hold requests open (streams): closed as the server begins to stop. */
  private final List<AutoCloseable> closedFirst;
  /** Read once started: Jetty's connector forgets it when it stops (and says -2). */
  private final int port;

  private ScribeServer(Server server, ServerConnector connector, List<AutoCloseable> closedFirst) {
    this.server = server;
    this.connector = connector;
    this.closedFirst = closedFirst;
    this.port = connector.getLocalPort();
  }

  /** Serves {@code app} at {@code /} on {@code port} (0 for an ephemeral port) of every interface, with the default limits. */
  public static ScribeServer start(RestApplication app, int port) {
    return builder().port(port).application("/*", app).start();
  }

  /** Starts configuring a server with several servlets. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The port the server listens on (the real one when started with port 0). After {@link #close()} it is
   * still the port the server had, so that a log line or a test can name it; nothing listens there any more.
   */
  public int port() {
    return port;
  }

  /** The connections open now (tests: a connection whose client went away must not stay open). */
  int openConnections() {
    return connector.getConnectedEndPoints().size();
  }

  /**
   * The base URI: {@code http://<host>:<port>/} with the configured host, or {@code localhost} when the
   * server listens on every interface; after {@link #close()}, the URI the server had.
   */
  public URI uri() {
    String host = connector.getHost();
    if (host == null || host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      host = "localhost";
    } else if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + port() + "/");
  }

  /**
   * Stops the server gracefully: it stops accepting connections, answers new requests on open
   * connections 503, lets in-flight requests finish for up to the stop timeout, then closes everything
   * (requests still running then are cut off, with a warning in the log). Closing a closed server does nothing
   * more.
   */
  @Override
  public void close() {
    for (AutoCloseable servlet : closedFirst) {
      // a stream waits for no end of its own: ended first, it does not hold the stop for its whole timeout
      try {
        servlet.close();
      } catch (Exception e) {
        LoggerFactory.getLogger(ScribeServer.class).warn("closing {} before the server stops failed: {}", servlet, e.toString());
      }
    }
    try {
      server.stop();
    } catch (Exception e) {
      if (timedOut(e) && connector.isStopped() && server.getThreadPool() instanceof QueuedThreadPool
          && ((QueuedThreadPool) server.getThreadPool()).isStopped()) {
        // Jetty stops everything anyway and reports the graceful wait's timeout afterwards (so its state is
        // "failed"): what the stop timeout promises, not a failure to stop.
        LoggerFactory.getLogger(ScribeServer.class).warn("the server on port {} stopped; requests still running after"
            + " the stop timeout of {} ms were cut off", port, server.getStopTimeout());
        return;
      }
      throw new ScribeException("the embedded Jetty server on port " + port + " did not stop: " + e, e);
    }
  }

  private static boolean timedOut(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.util.concurrent.TimeoutException) {
        return true;
      }
      for (Throwable suppressed : cause.getSuppressed()) {
        if (timedOut(suppressed)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Collects the address, limits and servlets of a {@link ScribeServer}. Every limit has a default fit for
   * production on a small machine; see each method.
   */
  public static final class Builder {
    private static final java.util.regex.Pattern THREAD_BUDGET =
        java.util.regex.Pattern.compile("Insufficient configured threads: required=(\\d+)");
    private int port;
    private String host;
    private int maxThreads = 200;
    private int minThreads = 8;
    private int maxConnections = 1000;
    private Duration idleTimeout = Duration.ofSeconds(30);
    private int maxRequestHeaderBytes = 8 * 1024;
    private long bufferedBodyBytes = 1 << 20;
    private Duration stopTimeout = Duration.ofSeconds(30);
    private final Map<String, HttpServlet> servlets = new LinkedHashMap<>();
    private final Map<String, RestApplication> applications = new LinkedHashMap<>();

    private Builder() {}

    /** The port; 0 (the default) picks a free one. */
    public Builder port(int listenPort) {
      if (listenPort < 0 || listenPort > 65535) {
        throw new ConfigurationException("port must be between 0 and 65535, not " + listenPort);
      }
      this.port = listenPort;
      return this;
    }

    /** The interface to listen on (an address or host name, e.g. {@code 127.0.0.1}); every interface by default. */
    public Builder host(String listenHost) {
      if (listenHost == null) {
        // taken for "every interface", as if unset: a host meant but missing went unseen, on every interface
        throw new UsageException("host(null): pass the address or host name to listen on, such as \"127.0.0.1\" or"
            + " \"0.0.0.0\", or leave it unset for every interface");
      }
      if (listenHost.isBlank()) {
        // Jetty took "" for every interface without a word and " " for a name it failed to bind at start()
        throw new ConfigurationException("host(\"" + listenHost + "\"): pass the address or host name to listen on,"
            + " such as \"127.0.0.1\" or \"0.0.0.0\", or leave it unset for every interface");
      }
      this.host = listenHost;
      return this;
    }

    /**
     * The most threads (default 200). Requests beyond them wait for a thread in a queue bounded by
     * {@link #maxConnections(int)}: over HTTP/1.1 a connection has at most one request in progress.
     */
    public Builder maxThreads(int threads) {
      this.maxThreads = positive("maxThreads", threads);
      return this;
    }

    /** The threads kept ready when idle (default 8), at most {@value #MOST_READY_THREADS}; each is started at start(). */
    public Builder minThreads(int threads) {
      if (threads < 1 || threads > MOST_READY_THREADS) {
        // Jetty starts them all at start(): Integer.MAX_VALUE failed there with a bare IllegalArgumentException from
        // its job queue, and a hundred thousand started a hundred thousand threads
        throw new ConfigurationException("minThreads must be at least 1 and at most " + MOST_READY_THREADS + ", not "
            + threads + "; it is how many threads are started at start() and kept ready (8 by default), each with a"
            + " stack of its own");
      }
      this.minThreads = threads;
      return this;
    }

    private static final int MOST_READY_THREADS = 10_000;

    /**
     * The most open connections (default 1000), which bounds the requests in progress or waiting for a
     * thread; further clients wait in the operating system's accept backlog. While every connection is taken,
     * one silent for 2 s (or the idle timeout, if shorter) is closed as an idle one would be, so that connections
     * opened and left silent cannot keep the others out for the whole idle timeout: a connection with no request,
     * or whose request stalls mid-headers (closed without an answer) or mid-body (answered 408). Legitimate work
     * is left alone: a request whose handler works without reading or writing (a long query, a stream of events
     * between two lines), a body that keeps arriving, however slowly, and a response being written to a client
     * that reads it slowly (such as a large export) keep the idle timeout.
     */
    public Builder maxConnections(int connections) {
      this.maxConnections = positive("maxConnections", connections);
      return this;
    }

    /**
     * How long a connection may stay silent (default 30 s): an idle keep-alive connection is closed, a
     * request whose headers or body stall that long is answered 408 and closed.
     */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = atLeast("idleTimeout", timeout, Duration.ofMillis(100));
      return this;
    }

    /**
     * The most bytes of request line and headers (default 8 KiB): a longer URI is answered 414, larger
     * headers 431.
     */
    public Builder maxRequestHeaderBytes(int bytes) {
      this.maxRequestHeaderBytes = positive("maxRequestHeaderBytes", bytes);
      return this;
    }

    /**
     * The most body bytes read before the request reaches the application, without holding a thread
     * (default 1 MiB, the default body limit of {@link RestApplication}). Larger bodies are read the rest
     * of the way by the application's thread.
     */
    public Builder bufferedBodyBytes(long bytes) {
      if (bytes < 0) {
        throw new ConfigurationException("bufferedBodyBytes must be zero or positive, not " + bytes);
      }
      this.bufferedBodyBytes = bytes;
      return this;
    }

    /** How long {@link ScribeServer#close()} waits for in-flight requests to finish (default 30 s). */
    public Builder stopTimeout(Duration timeout) {
      this.stopTimeout = atLeast("stopTimeout", timeout, Duration.ZERO);
      return this;
    }

    /** Serves {@code app} under a servlet mapping such as {@code /*} or {@code /api/*}. */
    public Builder application(String mapping, RestApplication app) {
      requireMapping("application", mapping);
      if (app == null) {
        throw new UsageException("application(\"" + mapping + "\", null): pass the RestApplication to serve, built with"
            + " RestApplication.builder(store)...build()");
      }
      applications.put(mapping, app);
      return servlet(mapping, app.servlet());
    }

    /**
     * Serves any other servlet under a mapping. A servlet that is also {@link AutoCloseable} (one that holds
     * requests open, such as a stream of events) is closed when the server begins to stop, so that its
     * requests end instead of holding the stop for its whole timeout. Every servlet is registered with
     * asynchronous support, so that one serving a long stream may {@code startAsync} and give its thread back
     * while it waits. An exact mapping ({@code /_scribe/changes}) serves its path with a trailing slash too, as the
     * application's routes do, unless another servlet is mapped there.
     */
    public Builder servlet(String mapping, HttpServlet servlet) {
      requireMapping("servlet", mapping);
      if (servlet == null) {
        throw new UsageException("servlet(\"" + mapping + "\", null): pass the servlet to serve under that mapping");
      }
      if (servlets.putIfAbsent(mapping, servlet) != null) {
        throw new ConfigurationException("two servlets are mapped to '" + mapping + "'");
      }
      return this;
    }

    /** An exact mapping ({@code /_scribe/changes}): neither a prefix ({@code /api/*}), an extension nor the default. */
    private static boolean exact(String mapping) {
      return mapping.startsWith("/") && !mapping.endsWith("/") && !mapping.endsWith("/*");
    }

    /** A null mapping would leave its servlet unreachable without a word, and a null servlet fail only at start(). */
    private static void requireMapping(String call, String mapping) {
      if (mapping == null) {
        throw new UsageException(call + "(null, ...): pass the servlet mapping, such as \"/*\" or \"/api/*\"");
      }
      if (!mapping.isEmpty() && !mapping.startsWith("/") && !mapping.startsWith("*.")) {
        // else Jetty refuses it only at start(), quoting the servlet specification
        throw new ConfigurationException(call + "(\"" + mapping + "\", ...): a servlet mapping starts with '/' (\"/"
            + mapping + "\", \"/" + mapping + "/*\") or is an extension such as \"*.json\"");
      }
    }

    /** Starts the applications ({@code onStart}) and then the server. */
    public ScribeServer start() {
      if (minThreads > maxThreads) {
        throw new ConfigurationException("minThreads (" + minThreads + ") must not exceed maxThreads (" + maxThreads + ")");
      }
      // the spooled bodies of a process killed mid-import would stay in the temporary directory for good
      SpoolFiles.sweepLeftovers();
      applications.values().forEach(RestApplication::start);
      // Jetty's job queue stays unbounded on purpose: it also carries Jetty's own I/O tasks, and rejecting
      // those breaks connections. The connection limit bounds what can wait in it.
      QueuedThreadPool threads = new QueuedThreadPool(maxThreads, minThreads, 60_000);
      threads.setName("scribe-http");
      Server server = new Server(threads);
      HttpConfiguration http = new HttpConfiguration();
      http.setSendServerVersion(false);
      http.setSendXPoweredBy(false);
      http.setRequestHeaderSize(maxRequestHeaderBytes);
      http.setIdleTimeout(idleTimeout.toMillis());
      ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
      connector.setPort(port);
      if (host != null) {
        connector.setHost(host);
      }
      connector.setIdleTimeout(idleTimeout.toMillis());
      server.addConnector(connector);
      server.addBean(new NetworkConnectionLimit(maxConnections, connector));
      server.addBean(ConnectionFlood.monitor(server, connector, maxConnections, idleTimeout));
      ProblemErrorHandler errors = new ProblemErrorHandler(maxRequestHeaderBytes);
      server.setErrorHandler(errors);

      ServletContextHandler context = new ServletContextHandler("/");
      context.setErrorHandler(new ProblemErrorHandler(maxRequestHeaderBytes));
      servlets.forEach((mapping, servlet) -> {
        ServletHolder holder = new ServletHolder(servlet);
        // a stream of events (the change feed) waits between its lines without holding a thread
        holder.setAsyncSupported(true);
        context.addServlet(holder, mapping);
        if (exact(mapping) && !servlets.containsKey(mapping + "/")) {
          // a trailing slash names the same resource, as on the application's routes: /_scribe/changes/ went to
          // the servlet under /* instead, whose console refused it as a URL of its own
          context.addServlet(holder, mapping + "/");
        }
      });
      BodyBuffering bodies = new BodyBuffering(bufferedBodyBytes);
      bodies.setHandler(context);
      GracefulHandler graceful = new GracefulHandler(new ServerWideOptions(bodies));
      server.setHandler(graceful);
      server.setStopTimeout(stopTimeout.toMillis());
      server.setStopAtShutdown(false);
      try {
        server.start();
      } catch (Exception e) {
        try {
          server.stop();
        } catch (Exception ignored) {
          e.addSuppressed(ignored);
        }
        java.util.regex.Matcher budget = THREAD_BUDGET.matcher(String.valueOf(e.getMessage()));
        if (e instanceof IllegalStateException && budget.find()) {
          // Jetty's acceptors and selectors lease threads of the pool, as many as the machine's cores call for
          int taken = Integer.parseInt(budget.group(1));
          throw new ConfigurationException("maxThreads (" + maxThreads + ") leaves no thread for requests: Jetty's"
              + " acceptor, selector and reserved threads take " + taken + " of them on this machine ("
              + Runtime.getRuntime().availableProcessors() + " cores); use maxThreads(" + (taken + 1) + ") or more"
              + " (200 by default)", e);
        }
        throw new ScribeException("the embedded Jetty server could not start on "
            + (host == null ? "" : host + ":") + port + ": " + e.getMessage(), e);
      }
      List<AutoCloseable> closedFirst = new ArrayList<>();
      servlets.values().forEach(servlet -> {
        if (servlet instanceof AutoCloseable) {
          closedFirst.add((AutoCloseable) servlet);
        }
      });
      return new ScribeServer(server, connector, List.copyOf(closedFirst));
    }

    private static int positive(String name, int value) {
      if (value < 1) {
        throw new ConfigurationException(name + " must be at least 1, not " + value);
      }
      return value;
    }

    /**
     * Bounded above too: a longer one overflowed {@link Duration#toMillis()} at start(), and Jetty adds the
     * milliseconds to its clock in nanoseconds, where far less than that overflows.
     */
    private static Duration atLeast(String name, Duration value, Duration minimum) {
      if (value == null || value.compareTo(minimum) < 0 || value.compareTo(LONGEST_TIMEOUT) > 0) {
        throw new ConfigurationException(name + " must be at least " + minimum.toMillis() + " ms and at most "
            + LONGEST_TIMEOUT.toMillis() + " ms (about 24 days), not " + value);
      }
      return value;
    }

    private static final Duration LONGEST_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);
  }
}
