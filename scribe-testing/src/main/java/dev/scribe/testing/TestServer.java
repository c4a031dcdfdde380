package dev.scribe.testing;

import dev.scribe.controller.RestApplication;
import dev.scribe.controller.ScribeServer;
import dev.scribe.core.UsageException;
import java.net.URI;

/**
 * A {@link RestApplication} served by Jetty ({@link ScribeServer}) on an ephemeral port of the loopback
 * interface, with a {@link TestClient} pointed at it.
 *
 * <p>Contract: a test gets one either from {@link #serve(RestApplication)} (started; the test closes it) or
 * as a parameter of a {@link ScribeTest} method (not started yet; {@link #start} starts it, the extension
 * closes it after the test, or after the class when the parameter is of a {@code @BeforeAll} method).
 * Asking for the URI or the client of a server that is not started is a {@link UsageException}.
 *
 * <pre>{@code
 * @Test void createsATask(DataStore store, TestServer server) {
 *   server.start(RestApplication.builder(store).mount("tasks", new Controller<>(tasks)).build());
 *   assertThat(server.client().post("/tasks", Map.of("title", "Write")).status()).isEqualTo(201);
 * }
 * }</pre>
 */
public final class TestServer implements AutoCloseable {
  private ScribeServer server;
  private TestClient client;

  TestServer() {}

  /** Serves {@code app} on an ephemeral port; close the server when done. */
  public static TestServer serve(RestApplication app) {
    return new TestServer().start(app);
  }

  /** Starts serving {@code app} on an ephemeral port of 127.0.0.1; returns this server. */
  public synchronized TestServer start(RestApplication app) {
    if (app == null) {
      throw new UsageException("TestServer.start(null): pass the application to serve, e.g. RestApplication.builder(store)"
          + ".mount(\"tasks\", new Controller<>(tasks)).build()");
    }
    if (server != null) {
      throw new UsageException("this TestServer already serves " + server.uri() + "; one test server serves one "
          + "application: ask for a second TestServer parameter or call TestServer.serve(app)");
    }
    server = ScribeServer.builder().host("127.0.0.1").port(0).application("/*", app).start();
    client = TestClient.of(server.uri());
    return this;
  }

  /** True once {@link #start} ran, until {@link #close}. */
  public synchronized boolean started() {
    return server != null;
  }

  /** The base URI, {@code http://127.0.0.1:<port>/}. */
  public synchronized URI uri() {
    return running().uri();
  }

  /** The port Jetty listens on. */
  public synchronized int port() {
    return running().port();
  }

  /** A JSON client for this server. */
  public synchronized TestClient client() {
    running();
    return client;
  }

  /** Stops the server; nothing happens when it is not started. */
  @Override
  public synchronized void close() {
    if (server != null) {
      try {
        server.close();
      } finally {
        server = null;
        client = null;
      }
    }
  }

  private ScribeServer running() {
    if (server == null) {
      throw new UsageException("the TestServer is not started; call start(app) with the RestApplication to serve");
    }
    return server;
  }

  @Override
  public synchronized String toString() {
    return server == null ? "TestServer[not started]" : "TestServer[" + server.uri() + "]";
  }
}
