package dev.scribe.demo;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo started inside another program — a load generator, a test — with the same settings as the
 * command line: the task tracker on its H2 database and Jetty, on loopback.
 *
 * <pre>{@code
 * try (EmbeddedDemo demo = EmbeddedDemo.start(Path.of("target/load/db"), 0)) {
 *   URI tasks = demo.uri().resolve("/tasks");
 * }
 * }</pre>
 */
public final class EmbeddedDemo implements AutoCloseable {
  private final DemoApplication demo;
  private final URI uri;

  private EmbeddedDemo(DemoApplication demo, URI uri) {
    this.demo = demo;
    this.uri = uri;
  }

  /**
   * Opens the database (an H2 file at {@code database}, without the {@code .mv.db} suffix, or in memory
   * when null), seeds it when empty and starts serving on {@code port} of 127.0.0.1 (0 for any free port).
   */
  public static EmbeddedDemo start(Path database, int port) {
    List<String> flags = new ArrayList<>(List.of("--port", Integer.toString(port)));
    flags.add("--db");
    flags.add(database == null ? "mem" : database.toString());
    DemoApplication demo = DemoApplication.create(DemoOptions.parse(flags));
    try {
      return new EmbeddedDemo(demo, demo.serve());
    } catch (RuntimeException e) {
      demo.close();
      throw e;
    }
  }

  /** The base URI, {@code http://127.0.0.1:<port>/}. */
  public URI uri() {
    return uri;
  }

  /** Stops the server (letting requests in flight finish) and closes the database. */
  @Override
  public void close() {
    demo.close();
  }
}
