package dev.scribe.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The start-up the build records for class-data sharing: starts the demo on a fresh file database and a
 * free port, answers the requests a first visitor sends, and stops. Run with
 * {@code -XX:ArchiveClassesAtExit=target/scribe-demo.jsa}, every class loaded here is stored parsed and
 * verified in the archive, and the README's run command maps them instead of loading them one by one from
 * the jar.
 *
 * <p>The build runs it as {@code StartupArchive --write target/scribe-demo.jsa}: the recording start-up
 * then runs in a JVM of its own, again when that JVM fails while writing the archive (JDK 17 sometimes
 * does, at exit), and an archive left from an earlier build is removed first — a JVM given an archive of
 * another jar warns at every start, one given no archive at all starts without it, silently.
 *
 * <pre>
 * java -cp scribe-demo/target/scribe-demo.jar dev.scribe.demo.StartupArchive --write scribe-demo/target/scribe-demo.jsa
 * </pre>
 */
final class StartupArchive {
  private StartupArchive() {}

  private static final int ATTEMPTS = 3;

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length == 2 && args[0].equals("--write")) {
      write(Path.of(args[1]));
      return;
    }
    record();
  }

  /** Records the start-up into {@code archive} in a JVM of its own, up to {@value #ATTEMPTS} times. */
  private static void write(Path archive) throws IOException, InterruptedException {
    Files.deleteIfExists(archive);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String jar;
    try {
      jar = Path.of(StartupArchive.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("cannot tell which jar StartupArchive runs from", e);
    }
    Path errors = archive.resolveSibling("startup-archive-error-%p.log");
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Process recording = new ProcessBuilder(java, "-XX:ArchiveClassesAtExit=" + archive, "-XX:ErrorFile=" + errors,
          "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-cp", jar, StartupArchive.class.getName()).inheritIO().start();
      int exit = recording.waitFor();
      if (exit == 0 && Files.isRegularFile(archive)) {
        return;
      }
      Files.deleteIfExists(archive);
      System.err.println("recording the start-up archive failed (exit " + exit + "), attempt " + attempt + " of " + ATTEMPTS);
    }
    System.err.println("no start-up archive: the demo starts without one, only more slowly");
  }

  private static void record() throws IOException {
    System.setProperty("org.jboss.logging.provider", "slf4j");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
    Path directory = Files.createTempDirectory("scribe-demo-archive");
    try (DemoApplication demo = DemoApplication.create(DemoOptions.parse(List.of("--port", "0", "--db",
        directory.resolve("scribe-demo").toString())))) {
      URI uri = demo.serve();
      expect(200, request(uri.resolve("/tasks"), "GET", null));
      expect(201, request(uri.resolve("/tasks"), "POST", "{\"title\": \"first visit\"}"));
      expect(200, request(uri.resolve("/tasks/1"), "GET", null));
    } finally {
      try (Stream<Path> files = Files.walk(directory)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  private static int request(URI uri, String method, String body) {
    try {
      HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
      connection.setRequestMethod(method);
      if (body != null) {
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = connection.getOutputStream()) {
          out.write(body.getBytes(StandardCharsets.UTF_8));
        }
      }
      int status = connection.getResponseCode();
      try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
        if (in != null) {
          in.readAllBytes();
        }
      }
      return status;
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + uri + " failed while recording the start-up archive", e);
    }
  }

  private static void expect(int wanted, int status) {
    if (status != wanted) {
      throw new IllegalStateException("the demo answered " + status + " instead of " + wanted
          + " while recording the start-up archive; run the demo to see why");
    }
  }
}
