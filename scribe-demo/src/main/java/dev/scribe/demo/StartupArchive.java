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
 * free port, answers the requests a first visitor sends, and stops. The build runs it with
 * {@code -XX:ArchiveClassesAtExit=target/scribe-demo.jsa}, so every class loaded here is stored parsed
 * and verified in the archive, and the README's run command maps them instead of loading them one by one
 * from the jar.
 *
 * <pre>
 * java -XX:ArchiveClassesAtExit=scribe-demo/target/scribe-demo.jsa -cp scribe-demo/target/scribe-demo.jar \
 *     dev.scribe.demo.StartupArchive
 * </pre>
 */
final class StartupArchive {
  private StartupArchive() {}

  public static void main(String[] args) throws IOException {
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
