package dev.scribe.bench.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The HTTP benchmarks' client: one per benchmark thread, and so one keep-alive connection, sending the same
 * task as a store request and counting the answers that are not 201.
 */
@State(Scope.Thread)
public class StoreClient {
  private static final byte[] BODY = "{\"title\":\"Write the benchmark\",\"priority\":3,\"done\":false}"
      .getBytes(StandardCharsets.UTF_8);

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  /**
   * Posts the task to {@code uri}, with {@code bearer} as the token when not null; an answer other than 201
   * counts in {@code failures}, which the benchmark's tear-down reports.
   */
  public int post(URI uri, String bearer, AtomicLong failures) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(BODY));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 201) {
      failures.incrementAndGet();
    }
    return response.body().length;
  }

  /** Fails the trial when any store request of it was not answered 201: its numbers would not be of stores. */
  public static void requireAllStored(AtomicLong failures) {
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " store requests were not answered 201");
    }
  }
}
