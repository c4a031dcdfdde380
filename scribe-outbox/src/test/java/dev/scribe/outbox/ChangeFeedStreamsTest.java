package dev.scribe.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.scribe.controller.ScribeServer;
import dev.scribe.outbox.internal.wire.Rabbit;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The change feed serves a bounded number of streams at once: one more is a 503 with {@code Retry-After}, and a
 * stream's slot is free again once its client leaves.
 */
@Tag("broker")
class ChangeFeedStreamsTest {
  static final URI BROKER = URI.create("amqp://guest:guest@127.0.0.1:5672");

  @Test
  void aStreamBeyondTheLimitIs503AndASlotFreesWhenItsClientLeaves() throws Exception {
    String exchange = "scribe.test.streams." + UUID.randomUUID().toString().substring(0, 8);
    ChangeFeed feed = ChangeFeed.start(BROKER, exchange);
    ScribeServer server = ScribeServer.builder().servlet("/_scribe/changes", feed.servlet(FieldPolicy.none(), 2)).start();
    List<InputStream> open = new ArrayList<>();
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpRequest request = HttpRequest.newBuilder(server.uri().resolve("/_scribe/changes")).build();
      for (int i = 0; i < 2; i++) {
        HttpResponse<InputStream> stream = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Cache-Control")).as("a caller's changes are kept by no cache")
            .hasValue("no-store");
        assertThat(stream.headers().firstValue("Vary")).hasValue("Accept, Authorization");
        open.add(stream.body());
        assertThat(stream.body().read()).as("the stream has begun").isEqualTo(':');
      }

      HttpResponse<String> third = http.send(request, HttpResponse.BodyHandlers.ofString());

      assertThat(third.statusCode()).isEqualTo(503);
      assertThat(third.headers().firstValue("Retry-After")).hasValue("5");
      assertThat(third.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
      assertThat(third.body()).contains("already serves 2 streams");

      open.remove(0).close();
      long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
      int status = 0;
      while (System.nanoTime() < deadline) {
        // the servlet sees its client gone at its next write: a change or the keep-alive comment
        HttpResponse<InputStream> again = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        status = again.statusCode();
        if (status == 200) {
          open.add(again.body());
          break;
        }
        again.body().close();
        Thread.sleep(500);
      }
      assertThat(status).as("a slot frees once its client has left").isEqualTo(200);
      assertThatThrownBy(() -> feed.servlet(FieldPolicy.none(), 0))
          .isInstanceOf(dev.scribe.core.ConfigurationException.class).hasMessageContaining("maxStreams must be at least 1");
    } finally {
      for (InputStream stream : open) {
        stream.close();
      }
      feed.close();
      server.close();
      deleteExchange(exchange);
    }
  }
  @Test
  void aQueryParameterIsRefusedAs400LikeOnEveryOtherRoute() throws Exception {
    String exchange = "scribe.test.streams." + UUID.randomUUID().toString().substring(0, 8);
    ChangeFeed feed = ChangeFeed.start(BROKER, exchange);
    ScribeServer server = ScribeServer.builder().servlet("/_scribe/changes", feed.servlet(FieldPolicy.none(), 2)).start();
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<InputStream> get = http.send(HttpRequest.newBuilder(server.uri().resolve("/_scribe/changes?since=42"))
          .build(), HttpResponse.BodyHandlers.ofInputStream());
      HttpResponse<Void> head = http.send(HttpRequest.newBuilder(server.uri().resolve("/_scribe/changes?since=42"))
          .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());

      // before, the stream began (200) as if the feed could replay from 42, which it cannot: the client waited for
      // changes that never came
      try (InputStream body = get.body()) {
        assertThat(get.statusCode()).isEqualTo(400);
        assertThat(get.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(new String(body.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
            .contains("\"detail\":\"GET /_scribe/changes takes no query parameters; leave out 'since'\"");
      }
      assertThat(head.statusCode()).isEqualTo(400);
    } finally {
      feed.close();
      server.close();
      deleteExchange(exchange);
    }
  }

  @Test
  void aStreamOpenWhileTheFeedLostItsBrokerEndsWithDroppedSoItsClientReloads() throws Exception {
    String exchange = "scribe.test.streams." + UUID.randomUUID().toString().substring(0, 8);
    TcpProxy proxy = new TcpProxy(5672);
    proxy.start();
    ChangeFeed feed = ChangeFeed.start(URI.create("amqp://guest:guest@127.0.0.1:" + proxy.port()), exchange);
    ScribeServer server = ScribeServer.builder().servlet("/_scribe/changes", feed.servlet(FieldPolicy.none(), 4)).start();
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(server.uri().resolve("/_scribe/changes")).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertThat(stream.statusCode()).isEqualTo(200);

      proxy.stop(); // the feed's connection is cut: its queue, and what reaches it meanwhile, are gone
      Thread.sleep(1_500);
      proxy.start();

      java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(stream.body(),
          java.nio.charset.StandardCharsets.UTF_8));
      String event = null;
      String data = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      for (String line; System.nanoTime() < deadline && (line = lines.readLine()) != null; ) {
        if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("data: ") && "dropped".equals(event)) {
          data = line.substring(6);
          break;
        }
      }
      assertThat(event).isEqualTo("dropped");
      assertThat(data).contains("lost its connection to the broker").contains("reload");
      stream.body().close();
    } finally {
      feed.close();
      server.close();
      proxy.close();
      deleteExchange(exchange);
    }
  }

  @Test
  void aCallerThatCannotBeCheckedForWantOfTheDatabaseIs503NotUnauthorized() throws Exception {
    String exchange = "scribe.test.streams." + UUID.randomUUID().toString().substring(0, 8);
    ChangeFeed feed = ChangeFeed.start(BROKER, exchange);
    FeedAccess unreachable = request -> {
      throw new RuntimeException("the identity store cannot get a database connection",
          new java.sql.SQLTransientConnectionException("pool-1 - Connection is not available, request timed out"));
    };
    ScribeServer server = ScribeServer.builder().servlet("/_scribe/changes", feed.servlet(unreachable, 4)).start();
    try {
      HttpResponse<String> reply = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(server.uri().resolve("/_scribe/changes")).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(reply.statusCode()).isEqualTo(503);
      assertThat(reply.headers().firstValue("Retry-After")).isPresent();
      assertThat(reply.headers().firstValue("WWW-Authenticate")).isEmpty();
      assertThat(reply.body()).contains("the change feed cannot check the caller now").doesNotContain("pool-1");
    } finally {
      feed.close();
      server.close();
      deleteExchange(exchange);
    }
  }
  @Test
  void aServerWithOpenStreamsStopsWithoutWaitingForThemAndTheirClientsSeeTheEnd() throws Exception {
    String exchange = "scribe.test.streams." + UUID.randomUUID().toString().substring(0, 8);
    ChangeFeed feed = ChangeFeed.start(BROKER, exchange);
    ScribeServer server = ScribeServer.builder().stopTimeout(Duration.ofSeconds(20))
        .servlet("/_scribe/changes", feed.servlet(FieldPolicy.none(), 4)).start();
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(server.uri().resolve("/_scribe/changes")).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertThat(stream.statusCode()).isEqualTo(200);
      assertThat(stream.body().read()).isEqualTo(':');

      long started = System.nanoTime();
      server.close(); // threw after its whole stop timeout while a stream was open
      long tookMillis = (System.nanoTime() - started) / 1_000_000;

      assertThat(tookMillis).as("the stop does not wait out its timeout for the stream").isLessThan(15_000);
      assertThat(stream.body().readAllBytes()).as("the client sees its stream end").isNotNull();
    } finally {
      feed.close();
      deleteExchange(exchange);
    }
  }

  /**
   * The keep-alive comment went out only when no change at all came for 15 s: a caller shown none of a steady
   * flow of other callers' changes got no byte for as long as the flow lasted, so a proxy closed its stream
   * for idleness, and a client that had left kept its thread and slot.
   */
  @Test
  void aStreamShownNoneOfASteadyFlowOfChangesStillGetsItsKeepAlive() throws Exception {
    String exchange = "scribe.test.streams." + UUID.randomUUID().toString().substring(0, 8);
    ChangeFeed feed = ChangeFeed.start(BROKER, exchange);
    FeedAccess seesNothing = request -> change -> null;
    ScribeServer server = ScribeServer.builder().servlet("/_scribe/changes", feed.servlet(seesNothing, 2)).start();
    try (Connection connection = Rabbit.factory(BROKER).newConnection(); Channel channel = connection.createChannel()) {
      HttpResponse<InputStream> stream = open(server);
      java.util.concurrent.BlockingQueue<String> lines = linesOf(stream);

      boolean keptAlive = false;
      long deadline = System.nanoTime() + Duration.ofSeconds(25).toNanos();
      for (int i = 0; System.nanoTime() < deadline && !keptAlive; i++) {
        String body = "{\"id\":\"" + UUID.randomUUID() + "\",\"aggregateType\":\"Task\",\"aggregateId\":\"" + i
            + "\",\"type\":\"created\",\"old\":null,\"new\":{\"id\":" + i + "}}";
        channel.basicPublish(exchange, "Task.created", null, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Thread.sleep(500);
        keptAlive = lines.contains(": keep-alive");
      }
      stream.body().close();

      assertThat(keptAlive).as("a keep-alive within 25 s while changes the caller may not see flowed").isTrue();
    } finally {
      feed.close();
      server.close();
      deleteExchange(exchange);
    }
  }

  /**
   * The caller of an open stream is checked again at every beat, and what that check answers is what the stream
   * shows from then on: the view of its opening was kept, so an administrator demoted while watching went on
   * seeing every change with every field until it reconnected.
   */
  @Test
  void aCallerCheckedAgainSeesWhatTheNewCheckLetsItSeeNotWhatItSawWhenTheStreamOpened() throws Exception {
    String exchange = "scribe.test.streams." + UUID.randomUUID().toString().substring(0, 8);
    ChangeFeed feed = ChangeFeed.start(BROKER, exchange);
    java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
    // the first check admits an administrator who sees everything; every check after admits a user who sees
    // the changes of tasks only, as a demoted account would
    FeedAccess demotedAfterOpening = request -> checks.getAndIncrement() == 0
        ? change -> change
        : change -> "Task".equals(change.aggregateType()) ? change : null;
    ScribeServer server = ScribeServer.builder().servlet("/_scribe/changes", feed.servlet(demotedAfterOpening, 2))
        .start();
    try (Connection connection = Rabbit.factory(BROKER).newConnection(); Channel channel = connection.createChannel()) {
      HttpResponse<InputStream> stream = open(server);
      java.util.concurrent.BlockingQueue<String> lines = linesOf(stream);

      // an account's change, published until the stream has been checked again and one task change after it
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      for (int i = 0; System.nanoTime() < deadline && checks.get() < 2; i++) {
        channel.basicPublish(exchange, "Account.updated", null, change("Account", "before-" + i));
        Thread.sleep(250);
      }
      assertThat(checks.get()).as("the stream's caller was checked again within 30 s").isGreaterThanOrEqualTo(2);
      channel.basicPublish(exchange, "Account.updated", null, change("Account", "after"));
      channel.basicPublish(exchange, "Task.updated", null, change("Task", "after"));

      // published after the account's, on the same exchange: once it is read, the account's would have been
      List<String> seen = new ArrayList<>();
      String taskData = null;
      while (taskData == null) {
        String line = lines.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(line).as("the task change reached the stream").isNotNull();
        seen.add(line);
        if (line.startsWith("data: ") && line.contains("\"aggregateType\":\"Task\"")) {
          taskData = line;
        }
      }
      stream.body().close();
      assertThat(seen).as("an account change after the caller lost the right to see it")
          .noneMatch(line -> line.contains("\"aggregateType\":\"Account\",\"aggregateId\":\"after\""));
    } finally {
      feed.close();
      server.close();
      deleteExchange(exchange);
    }
  }

  /**
   * A stream whose view failed on a change (its caller's scope could not be asked of the database: a connection
   * terminated, the pool saturated) went on without that change and without a word, so its client showed a state
   * the change had already replaced. The stream now ends with {@code event: dropped}, saying changes were missed,
   * and its client reconnects and reloads; the other streams go on.
   */
  @Test
  void aStreamWhoseViewFailsOnAChangeEndsWithDroppedInsteadOfLeavingTheChangeOut() throws Exception {
    String exchange = "scribe.test.streams." + UUID.randomUUID().toString().substring(0, 8);
    ChangeFeed feed = ChangeFeed.start(BROKER, exchange);
    java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
    // the first stream's view cannot decide about the task "unknowable"; the second's sees every change
    FeedAccess access = request -> opened.getAndIncrement() == 0 ? change -> {
      if ("unknowable".equals(change.aggregateId())) {
        throw new dev.scribe.repository.DatabaseUnavailableException("the database cannot be reached or is"
            + " restarting; retry in 1 s", false, 1, null);
      }
      return change;
    } : change -> change;
    ScribeServer server = ScribeServer.builder().servlet("/_scribe/changes", feed.servlet(access, 4)).start();
    try (Connection connection = Rabbit.factory(BROKER).newConnection(); Channel channel = connection.createChannel()) {
      java.util.concurrent.BlockingQueue<String> failing = linesOf(open(server));
      java.util.concurrent.BlockingQueue<String> other = linesOf(open(server));

      channel.basicPublish(exchange, "Task.updated", null, change("Task", "unknowable"));
      channel.basicPublish(exchange, "Task.updated", null, change("Task", "after"));

      List<String> seen = new ArrayList<>();
      for (String line; (line = failing.poll(10, java.util.concurrent.TimeUnit.SECONDS)) != null; ) {
        seen.add(line);
        if (line.contains("\"aggregateId\":\"after\"") || line.startsWith("data: ") && seen.contains("event: dropped")) {
          break;
        }
      }
      assertThat(seen).as("the stream of the failing view").contains("event: dropped")
          .noneMatch(line -> line.contains("\"aggregateId\":\"after\""));
      assertThat(seen.get(seen.size() - 1)).contains("changes were missed").contains("reload");
      String otherData = null;
      for (String line; otherData == null && (line = other.poll(10, java.util.concurrent.TimeUnit.SECONDS)) != null; ) {
        otherData = line.contains("\"aggregateId\":\"after\"") ? line : null;
      }
      assertThat(otherData).as("the other stream goes on").isNotNull();
    } finally {
      feed.close();
      server.close();
      deleteExchange(exchange);
    }
  }

  /**
   * A stream waits between its lines without a thread; the connection's idle timeout, shorter than the keep-alive
   * beat, does not end it while it waits, as it did not end a stream that held its thread.
   */
  @Test
  void aStreamOutlivesAnIdleTimeoutShorterThanItsKeepAlive() throws Exception {
    String exchange = "scribe.test.streams." + UUID.randomUUID().toString().substring(0, 8);
    ChangeFeed feed = ChangeFeed.start(BROKER, exchange);
    ScribeServer server = ScribeServer.builder().idleTimeout(Duration.ofSeconds(1))
        .servlet("/_scribe/changes", feed.servlet(FieldPolicy.none(), 2)).start();
    try (Connection connection = Rabbit.factory(BROKER).newConnection(); Channel channel = connection.createChannel()) {
      HttpResponse<InputStream> stream = open(server);
      java.util.concurrent.BlockingQueue<String> lines = linesOf(stream);
      Thread.sleep(3_000); // three idle timeouts without a byte
      channel.basicPublish(exchange, "Task.updated", null, change("Task", "after-the-silence"));

      String data = null;
      for (String line; data == null && (line = lines.poll(10, java.util.concurrent.TimeUnit.SECONDS)) != null; ) {
        data = line.startsWith("data: ") ? line : null;
      }
      stream.body().close();
      assertThat(data).as("the change after the silence reached the stream").contains("after-the-silence");
    } finally {
      feed.close();
      server.close();
      deleteExchange(exchange);
    }
  }

  private static HttpResponse<InputStream> open(ScribeServer server) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(server.uri().resolve("/_scribe/changes"))
        .build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    return stream;
  }

  /** The lines of {@code stream} as they arrive, read by a thread of their own until the stream is closed. */
  static java.util.concurrent.BlockingQueue<String> linesOf(HttpResponse<InputStream> stream) {
    java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(stream.body(),
          java.nio.charset.StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (java.io.IOException e) {
        // the stream was closed at the end of the test
      }
    });
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private static byte[] change(String aggregateType, String aggregateId) {
    return ("{\"id\":\"" + UUID.randomUUID() + "\",\"aggregateType\":\"" + aggregateType + "\",\"aggregateId\":\""
        + aggregateId + "\",\"type\":\"updated\",\"old\":null,\"new\":{}}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  static void deleteExchange(String exchange) throws Exception {
    try (Connection connection = Rabbit.factory(BROKER).newConnection(); Channel channel = connection.createChannel()) {
      channel.exchangeDelete(exchange);
    }
  }
}
