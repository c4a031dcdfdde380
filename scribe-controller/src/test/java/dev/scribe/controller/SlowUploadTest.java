package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.core.Config;
import dev.scribe.repository.internal.StoreAccess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An upload larger than the server buffers in memory arrives into a temporary file before its unit of work
 * begins: a client sending it slowly holds no streaming slot, database connection or file lock while its bytes
 * arrive, so an export and other uploads, to the same record too, are served meanwhile; the file is stored as
 * sent, and the temporary file is gone afterwards.
 */
class SlowUploadTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();

  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  /** Over the 1 MiB the server buffers in memory, under the default file limit. */
  private static final int SIZE = 1536 * 1024;

  @BeforeAll
  static void enable() {
    http.taskController.attachments(AttachmentStore.database());
  }

  @Test
  void aSlowLargeUploadHoldsNoStreamingSlotWhileItsBodyArrives() throws Exception {
    long id = http.createTask("{\"title\":\"slow upload\"}");
    http.createTask("{\"title\":\"exported\"}");
    byte[] body = new byte[SIZE];
    for (int i = 0; i < SIZE; i++) {
      body[i] = (byte) (i * 31 + i / 7);
    }
    // one streaming slot left, as with a pool of two connections
    Semaphore slots = StoreAccess.roles(http.store).streamingReads();
    int held = StoreAccess.roles(http.store).streamingReadLimit() - 1;
    slots.acquire(held);
    try (Socket socket = new Socket(http.server.uri().getHost(), http.server.uri().getPort())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(("PUT /tasks/" + id + "/files/slow.bin HTTP/1.1\r\nHost: localhost\r\nContent-Type:"
          + " application/octet-stream\r\nContent-Length: " + SIZE + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      int sent = 0;
      for (int piece = 0; piece < 3; piece++, sent += SIZE / 4) {
        out.write(body, sent, SIZE / 4);
        out.flush();
        Thread.sleep(200);
      }

      // while the slow upload is still sending: the one slot is free for an export and for another large upload
      Reply export = http.get("/tasks.csv");
      assertThat(export.status()).as(export.body()).isEqualTo(200);
      assertThat(export.body()).contains("exported");
      HttpResponse<String> other = CLIENT.send(HttpRequest.newBuilder(http.uri("/tasks/" + id + "/files/other.bin"))
          .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/octet-stream")
          .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(other.statusCode()).as(other.body()).isEqualTo(201);
      assertThat(spoolFiles()).as("the slow body so far, on disk").hasSize(1);

      out.write(body, sent, SIZE - sent);
      out.flush();
      String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
      assertThat(statusLine).startsWith("HTTP/1.1 201");
    } finally {
      slots.release(held);
    }

    HttpResponse<byte[]> stored = CLIENT.send(HttpRequest.newBuilder(http.uri("/tasks/" + id + "/files/slow.bin"))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(stored.statusCode()).isEqualTo(200);
    assertThat(Arrays.equals(stored.body(), body)).as("the bytes stored are the bytes sent").isTrue();
    assertThat(stored.headers().firstValue("ETag")).as("the same bytes, the same checksum")
        .hasValue(etag("/tasks/" + id + "/files/other.bin"));
    assertThat(spoolFiles()).as("temporary files left").isEmpty();
  }

  @Test
  void anUploadPastTheLimitWhileItArrivesIs413AndLeavesNoTemporaryFile() {
    long id = http.createTask("{\"title\":\"too large\"}");
    http.taskController.configure(Config.of(Map.of(ControllerOptions.MAX_FILE_BYTES.name(), 1_100_000)));
    HttpResponse<String> refused;
    try {
      // sent without Content-Length, so that the limit is met only while the bytes arrive
      byte[] body = new byte[SIZE];
      refused = CLIENT.send(HttpRequest.newBuilder(http.uri("/tasks/" + id + "/files/big.bin"))
          .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/octet-stream")
          .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(413);
    assertThat(refused.body()).contains("takes files of at most 1100000 bytes");
    assertThat(http.get("/tasks/" + id + "/files").body()).isEqualTo("{\"items\":[]}");
    assertThat(spoolFiles()).isEmpty();
  }

  @Test
  void aLargeUploadThatWillBeRefusedIsAnsweredBeforeItsBodyIsInvited() throws Exception {
    long id = http.createTask("{\"title\":\"refused early\"}");
    byte[] small = "exists".getBytes(StandardCharsets.US_ASCII);
    HttpResponse<String> first = CLIENT.send(HttpRequest.newBuilder(http.uri("/tasks/" + id + "/files/taken.bin"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(small)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);

    assertThat(headersOnly("/tasks/999999/files/a.bin", "")).as("a missing record").startsWith("HTTP/1.1 404");
    assertThat(headersOnly("/tasks/" + id + "/files/taken.bin", "If-None-Match: *\r\n"))
        .as("If-None-Match: * on a file that exists").startsWith("HTTP/1.1 412");
    assertThat(headersOnly("/tasks/" + id + "/files/new.bin", "If-Match: \"abc\"\r\n"))
        .as("If-Match on a file that does not exist").startsWith("HTTP/1.1 412");
    assertThat(headersOnly("/tasks/" + id + "/files/taken.bin", "If-Match: \"abc\"\r\n"))
        .as("If-Match naming another tag").startsWith("HTTP/1.1 412");
    assertThat(spoolFiles()).as("temporary files made").isEmpty();
    assertThat(http.get("/tasks/" + id + "/files").body()).contains("taken.bin").doesNotContain("new.bin");
  }

  /**
   * Sends the headers of a 1.5 MiB upload with {@code Expect: 100-continue} and no byte of its body; answers the
   * first status line the server sends: {@code 100 Continue} when it asks for the body.
   */
  private static String headersOnly(String path, String extraHeaders) throws IOException {
    try (Socket socket = new Socket(http.server.uri().getHost(), http.server.uri().getPort())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(("PUT " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
          + "Content-Length: " + SIZE + "\r\nExpect: 100-continue\r\n" + extraHeaders + "\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }
  }

  private static String etag(String path) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(http.uri(path)).method("HEAD",
        HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).headers()
        .firstValue("ETag").orElseThrow();
  }

  /** This process's upload spool files in the temporary directory. */
  private static List<Path> spoolFiles() {
    String prefix = "scribe-upload-p" + ProcessHandle.current().pid() + "s";
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(file -> file.getFileName().toString().startsWith(prefix)).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
