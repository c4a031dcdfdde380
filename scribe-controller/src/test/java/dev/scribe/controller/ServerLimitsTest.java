package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.repository.RepositoryTier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server's own limits, over real sockets: errors Jetty raises itself answered as problem+json,
 * stalled clients that cannot starve the others, no version in {@code Server}, graceful shutdown and
 * the bind address. Every case checks that nothing was written.
 */
class ServerLimitsTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();

  @Test
  void answersCarryNoServerHeader() {
    Reply reply = http.get("/tasks");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.headers().firstValue("Server")).isEmpty();
  }

  @Test
  void anOverlongUriIs414ProblemJson() throws IOException {
    String query = "title=" + "a".repeat(20_000);

    RawHttp.Response response = RawHttp.exchange(http.server.port(),
        "GET /tasks?" + query + " HTTP/1.1\r\nHost: localhost\r\n\r\n");

    assertProblem(response, 414, "URI Too Long");
    assertThat(response.problem().get("detail").toString()).contains("request URI is longer than the server accepts");
  }

  @Test
  void anExpectationOtherThan100ContinueIs417SayingWhichOneIsMet() throws IOException {
    RawHttp.Response response = RawHttp.exchange(http.server.port(), "POST /tasks HTTP/1.1\r\nHost: localhost\r\n"
        + "Content-Type: application/json\r\nExpect: banana\r\nContent-Length: 16\r\n\r\n{\"title\":\"big\"}");

    assertProblem(response, 417, "Expectation Failed");
    // before, the detail was Jetty's bare reason phrase, "Expectation Failed", naming neither the header nor the fix
    assertThat(response.problem().get("detail")).isEqualTo("the Expect header asks for an expectation this server"
        + " does not meet; the only one it meets is 100-continue: send Expect: 100-continue, or no Expect");
    assertThat(http.rows("http_tasks")).isZero();
  }

  @Test
  void aRequestLineWithoutAVersionIs505WithoutAStackTraceInTheLog() throws IOException {
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(log, true, StandardCharsets.UTF_8));
    RawHttp.Response response;
    try {
      response = RawHttp.exchange(http.server.port(), "GET /tasks\r\n\r\n");
    } finally {
      System.setErr(err);
    }

    assertProblem(response, 505, "HTTP Version Not Supported");
    // before, each such line (any client may send one) logged a WARN with Jetty's stack trace, as a server failure
    assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("\tat ").doesNotContain("WARN");
  }

  @Test
  void hugeHeadersAre431ProblemJson() throws IOException {
    String request = "POST /tasks HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + "X-Padding: " + "p".repeat(20_000) + "\r\nContent-Length: 16\r\n\r\n{\"title\":\"big\"}";

    RawHttp.Response response = RawHttp.exchange(http.server.port(), request);

    assertProblem(response, 431, "Request Header Fields Too Large");
    assertThat(http.rows("http_tasks")).isZero();
  }

  @Test
  void aBadChunkedBodyIs400ProblemJsonAndWritesNothing() throws IOException {
    String request = "POST /tasks HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n"
        + "ZZ\r\n{\"title\":\"chunked\"}\r\n0\r\n\r\n";

    RawHttp.Response response = RawHttp.exchange(http.server.port(), request);

    assertProblem(response, 400, "Bad Request");
    assertThat(http.rows("http_tasks")).isZero();
  }

  @Test
  void aBadRequestLineIs400ProblemJson() throws IOException {
    RawHttp.Response response = RawHttp.exchange(http.server.port(), "GET /tasks HTTP/1.1 extra\r\nHost: localhost\r\n\r\n");

    assertProblem(response, 400, "Bad Request");
  }

  @Test
  void aRequestWithoutHostIs400ProblemJson() throws IOException {
    RawHttp.Response response = RawHttp.exchange(http.server.port(), "GET /tasks HTTP/1.1\r\n\r\n");

    assertProblem(response, 400, "Bad Request");
  }

  @Test
  void anAmbiguousPathIs400ProblemJson() throws IOException {
    RawHttp.Response response = RawHttp.exchange(http.server.port(),
        "GET /tasks/%2e%2e/admin/tasks HTTP/1.1\r\nHost: localhost\r\n\r\n");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.header("Content-Type")).startsWith("application/problem+json");
  }

  @Test
  void errorsOfTheServletContainerAreProblemJsonToo() throws Exception {
    jakarta.servlet.http.HttpServlet failing = new jakarta.servlet.http.HttpServlet() {
      private static final long serialVersionUID = 1L;

      @Override
      protected void service(jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse resp)
          throws IOException {
        if (req.getPathInfo() != null && req.getPathInfo().startsWith("/refuse")) {
          resp.sendError(405);
          return;
        }
        throw new IOException("disk on fire at /secret/path");
      }
    };
    try (ScribeServer server = ScribeServer.builder().application("/api/*", http.app).servlet("/raw/*", failing).start()) {
      RawHttp.Response unmapped = RawHttp.exchange(server.port(), "GET /elsewhere HTTP/1.1\r\nHost: localhost\r\n\r\n");
      RawHttp.Response refused = RawHttp.exchange(server.port(), "DELETE /raw/refuse HTTP/1.1\r\nHost: localhost\r\n\r\n");
      RawHttp.Response failed = RawHttp.exchange(server.port(), "GET /raw/x HTTP/1.1\r\nHost: localhost\r\n\r\n");
      RawHttp.Response served = RawHttp.exchange(server.port(), "GET /api/tasks HTTP/1.1\r\nHost: localhost\r\n\r\n");

      assertProblem(unmapped, 404, "Not Found");
      assertThat(unmapped.problem()).containsEntry("detail", "no resource at /elsewhere");
      assertProblem(refused, 405, "Method Not Allowed");
      assertProblem(failed, 500, "Internal Server Error");
      assertThat(failed.body()).doesNotContain("disk on fire").doesNotContain("secret");
      assertThat(served.status()).isEqualTo(200);
    }
  }

  @Test
  void aBodyThatStallsIsAnswered408AfterTheIdleTimeoutAndWritesNothing() throws Exception {
    try (ScribeServer server = ScribeServer.builder().idleTimeout(Duration.ofMillis(800))
        .application("/*", http.app).start();
         Socket socket = RawHttp.connect(server.port(), 10_000)) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /tasks HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n"
          + "{\"title\":").getBytes(StandardCharsets.US_ASCII));
      out.flush();

      RawHttp.Response response = RawHttp.read(socket.getInputStream());

      assertProblem(response, 408, "Request Timeout");
      assertThat(response.header("Connection")).isEqualTo("close");
    }
    assertThat(http.rows("http_tasks")).isZero();
  }

  @Test
  void aBodyDeclaredOverTheLimitIs413AtOnceEvenWhenItsClientStallsOrWaitsFor100Continue() throws Exception {
    // 2 MB: over the 1 MiB limit, under what a refusal used to read and drop before answering
    for (String expect : List.of("", "Expect: 100-continue\r\n")) {
      try (Socket socket = RawHttp.connect(http.server.port(), 10_000)) {
        OutputStream out = socket.getOutputStream();
        out.write(("POST /tasks HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" + expect
            + "Content-Length: 2000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();

        RawHttp.Response response = RawHttp.read(socket.getInputStream());

        assertThat(response.status()).as(expect + response).isEqualTo(413);
        assertThat(response.header("Connection")).isEqualTo("close");
        assertThat(response.problem().get("detail")).asString().contains("maxBodyBytes");
      }
    }
    assertThat(http.rows("http_tasks")).isZero();
  }

  @Test
  void twoHundredStalledClientsDoNotStarveTheOthers() throws Exception {
    List<Socket> stalled = new ArrayList<>();
    // Few threads on purpose: the stalled bodies must not hold any.
    try (ScribeServer server = ScribeServer.builder().maxThreads(24).minThreads(4)
        .application("/*", http.app).start()) {
      try {
        for (int i = 0; i < 20; i++) {
          send(server, i % 2 == 0 ? "GET" : "POST", "/tasks", i % 2 == 0 ? null : "{\"title\":\"warm-up " + i + "\"}");
        }
        for (int i = 0; i < 200; i++) {
          Socket socket = RawHttp.connect(server.port(), 60_000);
          socket.getOutputStream().write(("POST /tasks HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
              + "Content-Length: 100\r\n\r\n{\"title\":\"st").getBytes(StandardCharsets.US_ASCII));
          socket.getOutputStream().flush();
          stalled.add(socket);
        }
        for (int i = 0; i < 50; i++) {
          Socket socket = RawHttp.connect(server.port(), 60_000);
          socket.getOutputStream().write("GET /tasks HTTP/1.1\r\nHost: localhost\r\nX-Half: ".getBytes(StandardCharsets.US_ASCII));
          socket.getOutputStream().flush();
          stalled.add(socket);
        }

        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
        try {
          List<Future<?>> runs = new ArrayList<>();
          for (int c = 0; c < 4; c++) {
            int client = c;
            runs.add(clients.submit(() -> {
              for (int i = 0; i < 25; i++) {
                long start = System.nanoTime();
                Reply reply = i % 2 == 0
                    ? send(server, "GET", "/tasks", null)
                    : send(server, "POST", "/tasks", "{\"title\":\"normal " + client + "-" + i + "\"}");
                latencies.add(System.nanoTime() - start);
                statuses.add(reply.status());
              }
              return null;
            }));
          }
          for (Future<?> run : runs) {
            run.get(2, TimeUnit.MINUTES);
          }
        } finally {
          clients.shutdownNow();
        }

        assertThat(statuses).hasSize(100).allMatch(status -> status == 200 || status == 201);
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        long p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
        assertThat(Duration.ofNanos(p99)).as("p99 of normal requests while 250 clients stall; all: " + sorted)
            .isLessThan(Duration.ofSeconds(1));
      } finally {
        for (Socket socket : stalled) {
          socket.close();
        }
      }
    }
    assertThat(http.rows("http_tasks")).as("only the normal clients' creates (10 warm-up, 48 measured)").isEqualTo(58);
  }

  @Test
  void closeLetsAnInFlightRequestFinish() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger listening = new java.util.concurrent.atomic.AtomicInteger();
    http.onTier(RepositoryTier.TIER, "preSave", args -> {
      inside.countDown();
      // in flight until the server stops taking connections: close() has begun, and waits for this request
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (!refused(listening.get()) && System.nanoTime() < deadline) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    });
    ScribeServer server = ScribeServer.builder().stopTimeout(Duration.ofSeconds(20))
        .application("/*", http.app).start();
    listening.set(server.port());
    CompletableFuture<RawHttp.Response> answer = CompletableFuture.supplyAsync(() -> {
      try {
        String body = "{\"title\":\"in time\"}";
        return RawHttp.exchange(server.port(), "POST /tasks HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
    int port = server.port();

    server.close();

    RawHttp.Response response = answer.get(20, TimeUnit.SECONDS);
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    assertThat(http.rows("http_tasks")).isEqualTo(1);
    assertThat(refused(port)).as("no new connections after close").isTrue();
  }

  @Test
  void aBodyStalledAsTheServerStopsIs503WithRetryAfterNotA408ThatBlamesTheClient() throws Exception {
    // buffered before the application runs (BodyBuffering), collected after it asked for it with 100 Continue
    // (BodyCollector), and read by the import itself (over bufferedBodyBytes)
    RawHttp.Response buffered = stallBodyAndStop("POST /tasks HTTP/1.1\r\nHost: localhost\r\n"
        + "Content-Type: application/json\r\nContent-Length: 40\r\n", "{\"title\":", false);
    RawHttp.Response collected = stallBodyAndStop("POST /tasks HTTP/1.1\r\nHost: localhost\r\n"
        + "Content-Type: application/json\r\nContent-Length: 40\r\n", "{\"title\":", true);
    RawHttp.Response streamed = stallBodyAndStop("POST /tasks/import HTTP/1.1\r\nHost: localhost\r\n"
        + "Content-Type: text/csv\r\nContent-Length: 2000000\r\n", "title\r\nStalled\r\n", true);

    // Jetty cuts a request that makes no progress for a second once the server stops; the answer was a 408 "did not
    // arrive completely within the server's idle timeout; send it without pausing", though the client had paused
    // for a second, not the idle timeout, and the server, not the client, was the reason
    for (RawHttp.Response answer : List.of(buffered, collected, streamed)) {
      assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
      assertThat(answer.header("Retry-After")).isEqualTo("1");
      assertThat(answer.problem().get("detail").toString()).doesNotContain("idle timeout");
    }
    assertThat(buffered.problem().get("detail")).isEqualTo("the server is shutting down or overloaded; retry the request"
        + " shortly");
    assertThat(collected.problem().get("detail")).isEqualTo("the request body had not arrived completely when the"
        + " server began to stop; nothing was written: send the whole body again once the server is back");
    assertThat(streamed.problem().get("detail")).isEqualTo("the body of tasks.import had not arrived completely when the"
        + " server began to stop; no row was read: send the whole file again once the server is back");
    assertThat(http.rows("http_tasks")).isZero();
  }

  /**
   * Sends {@code head}, with {@code Expect: 100-continue} when {@code expect} (then waits for the interim 100: the
   * server is reading the body, the request is in flight), sends {@code partOfBody} and stops the server (without
   * the expectation, half a second after it: the body is being buffered); the answer to the stalled request.
   */
  private static RawHttp.Response stallBodyAndStop(String head, String partOfBody, boolean expect) throws Exception {
    ScribeServer server = ScribeServer.builder().stopTimeout(Duration.ofSeconds(10)).application("/*", http.app).start();
    try (Socket socket = RawHttp.connect(server.port(), 20_000)) {
      OutputStream out = socket.getOutputStream();
      out.write((head + (expect ? "Expect: 100-continue\r\n" : "") + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      if (expect) {
        StringBuilder interim = new StringBuilder();
        while (!interim.toString().endsWith("\r\n\r\n")) {
          int c = in.read();
          assertThat(c).as("the interim answer so far: " + interim).isNotNegative();
          interim.append((char) c);
        }
        assertThat(interim.toString()).startsWith("HTTP/1.1 100");
      }
      out.write(partOfBody.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      if (!expect) {
        Thread.sleep(500);
      }
      CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
      RawHttp.Response answer = RawHttp.read(in);
      closing.get(20, TimeUnit.SECONDS);
      return answer;
    } finally {
      server.close();
    }
  }

  @Test
  void aClosedServerStillNamesThePortAndTheUriItHadAndClosesAgainQuietly() {
    ScribeServer server = ScribeServer.builder().host("127.0.0.1").application("/*", http.app).start();
    int port = server.port();
    java.net.URI uri = server.uri();

    server.close();

    assertThat(port).isPositive();
    assertThat(server.port()).as("before, Jetty's -2 for a stopped connector").isEqualTo(port);
    assertThat(server.uri()).isEqualTo(uri).hasToString("http://127.0.0.1:" + port + "/");
    server.close();
    assertThat(refused(port)).as("no new connections after close").isTrue();
  }

  @Test
  void closeCutsOffARequestStillRunningAfterTheStopTimeoutAndReturns() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    CountDownLatch unitEnded = new CountDownLatch(1);
    http.onTier(RepositoryTier.TIER, "preSave", args -> {
      http.store.currentUnitOfWork().ifPresent(unit -> {
        unit.afterCommit(unitEnded::countDown);
        unit.afterRollback(unitEnded::countDown);
      });
      inside.countDown();
      try {
        closed.await(30, TimeUnit.SECONDS); // still running when the stop timeout has passed and close() returned
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    ScribeServer server = ScribeServer.builder().stopTimeout(Duration.ofSeconds(1)).application("/*", http.app).start();
    CompletableFuture.runAsync(() -> {
      try {
        String body = "{\"title\":\"too slow\"}";
        RawHttp.exchange(server.port(), "POST /tasks HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
      } catch (IOException cutOff) {
        // the answer may never come: the request is cut off
      }
    });
    assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
    int port = server.port();
    long start = System.nanoTime();

    server.close(); // before, a ScribeException "did not stop: null" although the server had stopped
    Duration closing = Duration.ofNanos(System.nanoTime() - start);
    closed.countDown();

    assertThat(closing).isLessThan(Duration.ofSeconds(4));
    assertThat(refused(port)).as("no new connections after close").isTrue();
    // the cut-off request's thread may still end its unit of work: let it, before the next test resets the tables
    assertThat(unitEnded.await(30, TimeUnit.SECONDS)).as("the cut-off request's unit of work ended").isTrue();
  }

  @Test
  void listensOnlyOnTheConfiguredAddress() throws Exception {
    try (ScribeServer server = ScribeServer.builder().host("127.0.0.1").application("/*", http.app).start()) {
      assertThat(server.uri()).isEqualTo(URI.create("http://127.0.0.1:" + server.port() + "/"));
      assertThat(send(server, "GET", "/tasks", null).status()).isEqualTo(200);
      InetAddress other = nonLoopbackAddress();
      if (other != null) {
        try (Socket socket = new Socket()) {
          assertThat(connects(socket, new InetSocketAddress(other, server.port())))
              .as("not reachable on " + other).isFalse();
        }
      }
    }
  }

  private static Reply send(ScribeServer server, String method, String path, String json) {
    java.net.http.HttpClient client = CLIENT;
    java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(server.uri().resolve(path))
        .timeout(Duration.ofSeconds(30));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    request.method(method, json == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
        : java.net.http.HttpRequest.BodyPublishers.ofString(json));
    try {
      java.net.http.HttpResponse<String> response = client.send(request.build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static final java.net.http.HttpClient CLIENT = java.net.http.HttpClient.newBuilder()
      .version(java.net.http.HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  private static void assertProblem(RawHttp.Response response, int status, String title) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
    assertThat(response.header("Server")).isNull();
    Map<String, Object> problem = response.problem();
    assertThat(problem).containsEntry("status", status).containsEntry("title", title).containsKey("detail");
    assertThat(problem.get("detail").toString()).doesNotContain("org.eclipse").doesNotContain("Exception");
  }

  private static boolean refused(int port) {
    try (Socket socket = new Socket()) {
      return !connects(socket, new InetSocketAddress("127.0.0.1", port));
    } catch (IOException e) {
      return true;
    }
  }

  private static boolean connects(Socket socket, InetSocketAddress address) {
    try {
      socket.connect(address, 2000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static InetAddress nonLoopbackAddress() throws IOException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address instanceof java.net.Inet4Address) {
          return address;
        }
      }
    }
    return null;
  }

  @SuppressWarnings("unused")
  private static String drain(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }
}
