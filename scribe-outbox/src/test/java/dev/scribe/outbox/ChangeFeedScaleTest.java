package dev.scribe.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.scribe.controller.ScribeServer;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Scribe;
import dev.scribe.core.User;
import dev.scribe.outbox.internal.wire.Json;
import dev.scribe.outbox.internal.wire.Rabbit;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Operator;
import dev.scribe.repository.Person;
import dev.scribe.repository.Repository;
import dev.scribe.repository.RowScope;
import dev.scribe.repository.Subtask;
import dev.scribe.repository.Task;
import dev.scribe.repository.internal.CallOptionsAccess;
import dev.scribe.repository.testing.TestDatabase;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The change feed at scale: open streams hold no request thread, so a server whose pool is smaller than the
 * streams open still answers its other requests; the scope is asked once per change for each caller, not once
 * per stream; a caller's streams are bounded (429); and a client that stops reading is dropped without the
 * other streams waiting for it.
 */
@Tag("broker")
class ChangeFeedScaleTest {
  static final URI BROKER = ChangeFeedStreamsTest.BROKER;

  @RegisterExtension
  static final TestDatabase DB = TestDatabase.create();

  private static final User ALICE = User.of("u-alice", "alice");
  private static final User BOB = User.of("u-bob", "bob");

  /** Each caller sees the tasks it created; the scope's handler counts how often it is asked. */
  static final class CountedScope extends Repository<Task, Long> {
    final AtomicInteger asked = new AtomicInteger();

    void scopeQuery(EventArgs args) {
      asked.incrementAndGet();
      User user = User.from(args);
      RowScope.of(args).where("createdBy", Operator.EQ, user == null ? null : user.id());
    }
  }

  /**
   * Each stream held a request thread: with as many streams open as the server's pool, no other request was
   * served, and every change was asked of the database once per stream.
   */
  @Test
  void moreStreamsThanThreadsLeaveTheServerAnsweringAndAChangeIsCheckedOncePerCaller() throws Exception {
    String exchange = "scribe.test.scale." + UUID.randomUUID().toString().substring(0, 8);
    DataStore store = DB.store(Scribe.create(), Task.class, Subtask.class, Person.class);
    CountedScope tasks = store.register(new CountedScope());
    ChangeFeed feed = ChangeFeed.start(BROKER, exchange);
    ScopedFeedAccess access = ScopedFeedAccess.builder(store)
        .caller(request -> "bob".equals(request.getHeader("X-Caller")) ? BOB : ALICE).build();
    HttpServlet writes = new HttpServlet() {
      private static final long serialVersionUID = 1L;

      @Override
      protected void doPost(HttpServletRequest request, HttpServletResponse response) throws java.io.IOException {
        Task task = tasks.create(Map.of("title", "written", "createdBy", request.getHeader("X-Caller")),
            CallOptionsAccess.trustParams(CallOptions.builder().user(ALICE)).build());
        response.getWriter().write(String.valueOf(task.getId()));
      }
    };
    int streams = 40;
    ScribeServer server = ScribeServer.builder().maxThreads(12).minThreads(4)
        .servlet("/_scribe/changes", feed.servlet(access, FeedLimits.builder().maxStreams(100)
            .maxStreamsPerCaller(streams).build()))
        .servlet("/write", writes)
        .start();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    List<BlockingQueue<String>> alices = new ArrayList<>();
    List<HttpResponse<InputStream>> open = new ArrayList<>();
    try (Connection connection = Rabbit.factory(BROKER).newConnection(); Channel channel = connection.createChannel()) {
      for (int i = 0; i < streams; i++) {
        HttpResponse<InputStream> stream = http.send(feedRequest(server, "alice"), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).as("stream %d of alice", i + 1).isEqualTo(200);
        open.add(stream);
        alices.add(ChangeFeedStreamsTest.linesOf(stream));
      }

      HttpResponse<String> oneMore = http.send(feedRequest(server, "alice"), HttpResponse.BodyHandlers.ofString());
      assertThat(oneMore.statusCode()).as("alice's stream beyond her bound").isEqualTo(429);
      assertThat(oneMore.headers().firstValue("Retry-After")).hasValue("5");
      assertThat(oneMore.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
      assertThat(oneMore.body()).contains("you already hold " + streams + " streams of the change feed");
      HttpResponse<InputStream> bobs = http.send(feedRequest(server, "bob"), HttpResponse.BodyHandlers.ofInputStream());
      assertThat(bobs.statusCode()).as("another caller's stream").isEqualTo(200);
      open.add(bobs);
      BlockingQueue<String> bobLines = ChangeFeedStreamsTest.linesOf(bobs);

      // with 41 streams open on a pool of 12 threads, a write is still served
      HttpResponse<String> written = http.send(HttpRequest.newBuilder(server.uri().resolve("/write"))
          .timeout(Duration.ofSeconds(30)).header("X-Caller", "u-alice").POST(HttpRequest.BodyPublishers.noBody())
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(written.statusCode()).isEqualTo(200);
      long alicesTask = Long.parseLong(written.body());
      Task bobsTask = tasks.create(Map.of("title", "bob's", "createdBy", "u-bob"),
          CallOptionsAccess.trustParams(CallOptions.builder().user(BOB)).build());

      int before = tasks.asked.get();
      channel.basicPublish(exchange, "Task.created", null, created(alicesTask, "u-alice"));
      channel.basicPublish(exchange, "Task.created", null, created(bobsTask.getId(), "u-bob"));

      for (BlockingQueue<String> lines : alices) {
        assertThat(nextData(lines)).as("alice's task on each of her streams")
            .contains("\"aggregateId\":\"" + alicesTask + "\"");
      }
      assertThat(nextData(bobLines)).as("bob's stream shows his task, not alice's")
          .contains("\"aggregateId\":\"" + bobsTask.getId() + "\"");
      assertThat(tasks.asked.get() - before)
          .as("two changes, each asked at most once for alice (41 streams) and once for bob; once for both when the"
              + " feed hands them out together").isBetween(2, 4);
    } finally {
      for (HttpResponse<InputStream> stream : open) {
        stream.body().close();
      }
      feed.close();
      server.close();
      store.close();
      ChangeFeedStreamsTest.deleteExchange(exchange);
    }
  }

  /**
   * A client that stops reading had its stream's thread wait on the write, and its changes pile up: now its
   * buffer is bounded, it is dropped with a last event saying so, its slot is free again, and the other streams
   * get every change meanwhile.
   */
  @Test
  void aClientThatStopsReadingIsDroppedAndTheOthersGetEveryChange() throws Exception {
    String exchange = "scribe.test.scale." + UUID.randomUUID().toString().substring(0, 8);
    ChangeFeed feed = ChangeFeed.start(BROKER, exchange);
    ScribeServer server = ScribeServer.builder().servlet("/_scribe/changes", feed.servlet(FieldPolicy.none(),
        FeedLimits.builder().maxStreams(2).bufferBytes(1 << 20).build())).start();
    try (Connection connection = Rabbit.factory(BROKER).newConnection(); Channel channel = connection.createChannel();
        Socket slow = new Socket()) {
      slow.setReceiveBufferSize(4096);
      slow.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()), 5_000);
      OutputStream request = slow.getOutputStream();
      request.write(("GET /_scribe/changes HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      request.flush();
      HttpResponse<InputStream> fast = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
          .send(feedRequest(server, "anyone"), HttpResponse.BodyHandlers.ofInputStream());
      assertThat(fast.statusCode()).isEqualTo(200);
      BlockingQueue<String> fastLines = ChangeFeedStreamsTest.linesOf(fast);

      // more than the slow client's buffer, the server's socket buffer (up to 4 MiB) and Jetty's together; paced,
      // so that the stream that reads is not left a burst behind on a loaded machine
      int changes = 4_000;
      String filler = "x".repeat(3_000);
      for (int i = 0; i < changes; i++) {
        if (i % 100 == 99) {
          Thread.sleep(20);
        }
        channel.basicPublish(exchange, "Task.updated", null, (("{\"id\":\"e-" + i + "\",\"aggregateType\":\"Task\","
            + "\"aggregateId\":\"" + i + "\",\"type\":\"updated\",\"old\":null,\"new\":{\"title\":\"" + filler
            + "\"}}")).getBytes(StandardCharsets.UTF_8));
      }

      int received = 0;
      while (received < changes) {
        String line = fastLines.poll(30, TimeUnit.SECONDS);
        assertThat(line).as("change %d on the stream that reads", received + 1).isNotNull()
            .doesNotStartWith("event: dropped");
        if (line.startsWith("event: change")) {
          received++;
        }
      }
      String slowText = readUntilEnd(slow);
      assertThat(slowText).as("the stream that stopped reading").startsWith("HTTP/1.1 200")
          .contains("event: dropped").contains("fell 1048576 bytes of events behind").contains("reload");
      HttpResponse<String> again = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri()
          .resolve("/_scribe/changes")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(again.statusCode()).as("the dropped stream's slot is free").isEqualTo(200);
      fast.body().close();
    } finally {
      feed.close();
      server.close();
      ChangeFeedStreamsTest.deleteExchange(exchange);
    }
  }

  private static String readUntilEnd(Socket socket) throws java.io.IOException {
    socket.setSoTimeout(30_000);
    StringBuilder text = new StringBuilder();
    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      text.append(line).append('\n');
      if (line.startsWith("event: dropped")) {
        text.append(in.readLine()).append('\n');
        break;
      }
    }
    return text.toString();
  }

  private static HttpRequest feedRequest(ScribeServer server, String caller) {
    return HttpRequest.newBuilder(server.uri().resolve("/_scribe/changes")).header("X-Caller", caller).build();
  }

  private static String nextData(BlockingQueue<String> lines) throws InterruptedException {
    for (String line; (line = lines.poll(30, TimeUnit.SECONDS)) != null; ) {
      if (line.startsWith("data: ")) {
        return line;
      }
    }
    return null;
  }

  private static byte[] created(long id, String owner) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", UUID.randomUUID().toString());
    body.put("aggregateType", "Task");
    body.put("aggregateId", Long.toString(id));
    body.put("type", "created");
    body.put("old", null);
    body.put("new", Map.of("id", id, "title", "t", "createdBy", owner));
    body.put("user", owner);
    return Json.write(body).getBytes(StandardCharsets.UTF_8);
  }
}
