package dev.scribe.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.controller.ScribeServer;
import dev.scribe.core.Scribe;
import dev.scribe.core.User;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Person;
import dev.scribe.repository.Subtask;
import dev.scribe.repository.Task;
import dev.scribe.repository.testing.TestDatabase;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The streams of callers without credentials are bounded all together, below the feed's total: one client opening
 * anonymous streams in a loop took every slot, and each signed-in caller's stream was a 503 until they were
 * noticed gone. A feed whose access names no caller (a {@link FieldPolicy}) keeps every slot for its streams, all
 * anonymous. No broker is needed: the feed serves its streams while it is not connected.
 */
class ChangeFeedAnonymousStreamsTest {
  @RegisterExtension
  static final TestDatabase DB = TestDatabase.create();

  @Test
  void anonymousStreamsTakeHalfTheSlotsAndLeaveTheRestToCallersWhoSignIn() throws Exception {
    DataStore store = DB.store(Scribe.create(), Task.class, Subtask.class, Person.class);
    ScopedFeedAccess access = ScopedFeedAccess.builder(store).caller(request -> {
      String caller = request.getHeader("X-Caller");
      return caller == null ? null : User.of("u-" + caller, caller);
    }).build();
    List<HttpResponse<InputStream>> open = new ArrayList<>();
    try (store; ChangeFeed feed = ChangeFeed.start(away(), "scribe.test.anonymous");
        ScribeServer server = ScribeServer.builder()
            .servlet("/_scribe/changes", feed.servlet(access, FeedLimits.builder().maxStreams(4).build())).start()) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10)).build();
      assertThat(FeedLimits.builder().maxStreams(4).build().maxAnonymousStreams()).isEqualTo(2);
      for (int i = 0; i < 2; i++) {
        HttpResponse<InputStream> stream = http.send(request(server, null), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).as("anonymous stream %d", i + 1).isEqualTo(200);
        open.add(stream);
      }

      HttpResponse<String> oneMore = http.send(request(server, null), HttpResponse.BodyHandlers.ofString());
      assertThat(oneMore.statusCode()).as(oneMore.body()).isEqualTo(503);
      assertThat(oneMore.headers().firstValue("Retry-After")).hasValue("5");
      assertThat(oneMore.body()).contains("the change feed already serves 2 streams without credentials");
      for (String caller : List.of("alice", "bob")) {
        HttpResponse<InputStream> stream = http.send(request(server, caller), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).as(caller).isEqualTo(200);
        open.add(stream);
      }
      HttpResponse<String> full = http.send(request(server, "carol"), HttpResponse.BodyHandlers.ofString());
      assertThat(full.statusCode()).isEqualTo(503);
      assertThat(full.body()).contains("the change feed already serves 4 streams");
    } finally {
      for (HttpResponse<InputStream> stream : open) {
        stream.body().close();
      }
    }
  }

  @Test
  void aFeedWhoseAccessNamesNoCallerKeepsEverySlotForItsAnonymousStreams() throws Exception {
    List<HttpResponse<InputStream>> open = new ArrayList<>();
    try (ChangeFeed feed = ChangeFeed.start(away(), "scribe.test.anonymous.policy");
        ScribeServer server = ScribeServer.builder()
            .servlet("/_scribe/changes", feed.servlet(FieldPolicy.none(), 2))
            .servlet("/_scribe/bounded", feed.servlet(FieldPolicy.none(), FeedLimits.builder().maxStreams(2)
                .maxAnonymousStreams(1).build())).start()) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10)).build();
      for (int i = 0; i < 2; i++) {
        HttpResponse<InputStream> stream = http.send(request(server, null), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).as("anonymous stream %d", i + 1).isEqualTo(200);
        open.add(stream);
      }
      HttpRequest bounded = HttpRequest.newBuilder(server.uri().resolve("/_scribe/bounded")).build();
      HttpResponse<InputStream> first = http.send(bounded, HttpResponse.BodyHandlers.ofInputStream());
      assertThat(first.statusCode()).isEqualTo(200);
      open.add(first);
      assertThat(http.send(bounded, HttpResponse.BodyHandlers.ofString()).statusCode()).as("the bound set").isEqualTo(503);
    } finally {
      for (HttpResponse<InputStream> stream : open) {
        stream.body().close();
      }
    }
  }

  @Test
  void theAnonymousBoundIsCutToTheTotalAndSetAtLeastOne() {
    assertThat(FeedLimits.builder().maxStreams(10).maxAnonymousStreams(50).build().maxAnonymousStreams()).isEqualTo(10);
    assertThat(FeedLimits.builder().maxStreams(1).build().maxAnonymousStreams()).isEqualTo(1);
    assertThat(FeedLimits.defaults().maxAnonymousStreams()).isEqualTo(250);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> FeedLimits.builder().maxAnonymousStreams(0))
        .hasMessageContaining("maxAnonymousStreams(0): must be at least 1");
  }

  /** A broker address where nothing listens: the feed starts without it and serves its streams. */
  private static URI away() throws java.io.IOException {
    try (ServerSocket reserved = new ServerSocket(0)) {
      return URI.create("amqp://guest:guest@127.0.0.1:" + reserved.getLocalPort());
    }
  }

  private static HttpRequest request(ScribeServer server, String caller) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(server.uri().resolve("/_scribe/changes"));
    return (caller == null ? builder : builder.header("X-Caller", caller)).build();
  }
}
