package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A body far over the limit (20 MB, more than a refusal reads and drops before it answers) is answered 413
 * problem+json that a client still sending reads, chunked or with its length declared. The connection was closed
 * right after the answer with the body still arriving, and reset: java.net.http saw a broken pipe instead of the
 * answer in about one request of ten, hence the repetitions.
 */
class OversizedBodyAnswerTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();

  private static final int SIZE = 20_000_000;

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  @RepeatedTest(20)
  void aChunkedBodyOfTwentyMegabytesIs413ThatTheClientReads() throws Exception {
    HttpResponse<String> response = send(HttpRequest.BodyPublishers.ofInputStream(OversizedBodyAnswerTest::body));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.body()).contains("maxBodyBytes");
    assertThat(http.rows("http_tasks")).isZero();
  }

  @RepeatedTest(20)
  void aDeclaredBodyOfTwentyMegabytesIs413ThatTheClientReads() throws Exception {
    byte[] bytes = new byte[SIZE];
    Arrays.fill(bytes, (byte) ' ');
    HttpResponse<String> response = send(HttpRequest.BodyPublishers.ofByteArray(bytes));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("maxBodyBytes");
    assertThat(http.rows("http_tasks")).isZero();
  }

  @RepeatedTest(10)
  void aChunkedImportOfThirtyMegabytesIs413ThatTheClientReads() throws Exception {
    // over maxImportBytes (16 MiB) by more than a refusal reads and drops before it answers
    HttpRequest request = HttpRequest.newBuilder(http.server.uri().resolve("/tasks/import"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "text/csv")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body(30_000_000, "title\r\n"))).build();

    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("maxImportBytes");
    assertThat(http.rows("http_tasks")).isZero();
  }

  private HttpResponse<String> send(HttpRequest.BodyPublisher body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(http.server.uri().resolve("/tasks")).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(body).build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static InputStream body() {
    return body(SIZE, "[");
  }

  /** A body of {@code size} bytes, {@code head} and then spaces, made as it is read. */
  private static InputStream body(int size, String head) {
    byte[] first = head.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    return new InputStream() {
      private int sent;

      @Override
      public int read() {
        if (sent >= size) {
          return -1;
        }
        int c = sent < first.length ? first[sent] : ' ';
        sent++;
        return c;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (sent >= size) {
          return -1;
        }
        int n = Math.min(len, size - sent);
        Arrays.fill(b, off, off + n, (byte) ' ');
        for (int i = 0; i < n && sent + i < first.length; i++) {
          b[off + i] = first[sent + i];
        }
        sent += n;
        return n;
      }
    };
  }
}
