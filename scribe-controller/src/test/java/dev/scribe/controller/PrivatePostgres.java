package dev.scribe.controller;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own, created with {@code initdb} in a temporary directory and listening
 * on a free port of the loopback interface, so that a test can stop and restart it without touching any
 * shared server. Runs the binaries as the {@code postgres} user when the tests run as root (initdb refuses
 * root).
 */
final class PrivatePostgres implements AutoCloseable {
  static final Path BIN = Path.of(System.getProperty("scribe.test.pgbin", "/usr/lib/postgresql/15/bin"));

  private final Path dir;
  private final Path data;
  private final int port;

  private PrivatePostgres(Path dir, int port) {
    this.dir = dir;
    this.data = dir.resolve("data");
    this.port = port;
  }

  /** True when initdb and pg_ctl are installed where {@link #BIN} says. */
  static boolean installed() {
    return Files.isExecutable(BIN.resolve("initdb")) && Files.isExecutable(BIN.resolve("pg_ctl"));
  }

  /** Creates the cluster and starts it. */
  static PrivatePostgres start() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("scribe-pg-");
    PrivatePostgres server = new PrivatePostgres(dir, freePort());
    if (asRoot()) {
      run(List.of("chown", "postgres", dir.toString()));
    }
    server.pg("initdb", "-D", server.data.toString(), "-A", "trust", "-U", "postgres", "-N");
    server.startServer();
    return server;
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  /** Stops the server at once, aborting the sessions in progress (as a restart does). */
  void stopServer() throws IOException, InterruptedException {
    pg("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop");
  }

  /** Starts the server and waits until it accepts connections. */
  void startServer() throws IOException, InterruptedException {
    pg("pg_ctl", "-D", data.toString(), "-l", dir.resolve("server.log").toString(), "-w",
        "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      if (Files.exists(data.resolve("postmaster.pid"))) {
        stopServer();
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  private void pg(String program, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (asRoot()) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(BIN.resolve(program).toString());
    command.addAll(List.of(args));
    run(command);
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + new String(output));
    }
  }

  private static boolean asRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
