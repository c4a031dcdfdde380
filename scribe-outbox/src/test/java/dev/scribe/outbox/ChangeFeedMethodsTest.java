package dev.scribe.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.scribe.controller.ScribeServer;
import dev.scribe.outbox.internal.wire.Rabbit;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The change feed answers the methods other than GET without holding a stream. */
@Tag("broker")
class ChangeFeedMethodsTest {
  static final URI BROKER = URI.create("amqp://guest:guest@127.0.0.1:5672");

  private String exchange;
  private ChangeFeed feed;
  private ScribeServer server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() {
    exchange = "scribe.test.methods." + UUID.randomUUID().toString().substring(0, 8);
    feed = ChangeFeed.start(BROKER, exchange);
    server = ScribeServer.builder().servlet("/_scribe/changes", feed.servlet(FieldPolicy.none(), 1)).start();
  }

  @AfterEach
  void stop() throws Exception {
    feed.close();
    server.close();
    try (Connection connection = Rabbit.factory(BROKER, "%s").newConnection(); Channel channel = connection.createChannel()) {
      channel.exchangeDelete(exchange);
    }
  }

  private HttpRequest.Builder request() {
    return HttpRequest.newBuilder(server.uri().resolve("/_scribe/changes")).timeout(Duration.ofSeconds(10));
  }

  @Test
  void headAnswersTheHeadersOfTheStreamWithoutHoldingOneOfItsSlots() throws Exception {
    for (int i = 0; i < 3; i++) {
      HttpResponse<Void> head = http.send(request().method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.discarding());
      assertThat(head.statusCode()).as("HEAD %d", i).isEqualTo(200);
      assertThat(head.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    }

    HttpResponse<java.io.InputStream> get = http.send(request().build(), HttpResponse.BodyHandlers.ofInputStream());

    assertThat(get.statusCode()).as("the only slot is free: the HEADs before held no stream").isEqualTo(200);
    get.body().close();
  }

  @Test
  void traceIsRefusedRatherThanEchoingTheCallersTokenAndOtherMethodsAre405NamingGet() throws Exception {
    HttpResponse<String> trace = http.send(request().method("TRACE", HttpRequest.BodyPublishers.noBody())
        .header("Authorization", "Bearer secret-token-of-the-caller").build(), HttpResponse.BodyHandlers.ofString());

    assertThat(trace.statusCode()).isEqualTo(405);
    assertThat(trace.body()).doesNotContain("secret-token-of-the-caller");
    assertThat(trace.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");

    HttpResponse<String> options = http.send(request().method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    // 204, as OPTIONS of every route of the application answers (it was a 200 with an empty body)
    assertThat(options.statusCode()).isEqualTo(204);
    assertThat(options.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");

    for (String method : new String[] {"PATCH", "POST", "DELETE", "PROPFIND"}) {
      HttpResponse<String> other = http.send(request().method(method, HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(other.statusCode()).as(method).isEqualTo(405);
      assertThat(other.headers().firstValue("Allow")).as(method).hasValue("GET, HEAD, OPTIONS");
      assertThat(other.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
      assertThat(other.body()).as(method).contains(method).contains("GET");
    }
  }

  @Test
  void anAcceptThatAdmitsNoEventStreamIs406NamingTextEventStreamAndHoldsNoSlot() throws Exception {
    for (String accept : new String[] {"text/event-stream", "*/*", "text/*", "application/json, text/event-stream;q=0.5",
        "not a media range", "text/", ",,,", "text/event-stream;charset=UTF-8", "text/event-stream;charset=\"utf-8\""}) {
      HttpResponse<Void> head = http.send(request().header("Accept", accept)
          .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
      assertThat(head.statusCode()).as(accept).isEqualTo(200);
      // chosen by Accept: a cache keeps one answer per Accept (it was Vary: Authorization alone)
      assertThat(head.headers().allValues("Vary")).as(accept).containsExactly("Accept, Authorization");
    }
    for (String accept : new String[] {"application/json", "text/html, application/xml;q=0.9", "text/event-stream;q=0",
        // the most specific range decides (RFC 9110 12.5.1): a client that refuses the stream by name is not
        // given one because it takes anything else
        "text/event-stream;q=0, */*", "*/*;q=0.8, text/event-stream;q=0", "text/*, text/event-stream;q=0.0",
        // an event stream is UTF-8; an empty element of the list is passed over, not taken for a header not understood
        "text/event-stream;charset=latin1", "application/json,", "application/json;q=0.5, , text/html"}) {
      HttpResponse<java.io.InputStream> refused = http.send(request().header("Accept", accept).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertThat(refused.statusCode()).as(accept).isEqualTo(406);
      assertThat(refused.headers().allValues("Vary")).as(accept).containsExactly("Accept");
      assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
      assertThat(new String(refused.body().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).as(accept)
          .contains("text/event-stream").contains("Accept");
    }
    HttpResponse<java.io.InputStream> stream = http.send(request().header("Accept", "text/event-stream").build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).as("the 406s held no slot").isEqualTo(200);
    stream.body().close();
  }

  /**
   * Two {@code Last-Event-ID} headers are a 400 naming both, as two of any header of one value are on the
   * application's routes: the first was taken without a word, though the client may have meant the other.
   */
  @Test
  void twoLastEventIdHeadersAreA400NamingBothAndHoldNoSlot() throws Exception {
    HttpResponse<java.io.InputStream> two = http.send(request().header("Last-Event-ID", "41")
        .header("Last-Event-ID", "42").build(), HttpResponse.BodyHandlers.ofInputStream());
    if (two.statusCode() != 400) {
      two.body().close();   // a stream: its body never ends
    }

    assertThat(two.statusCode()).isEqualTo(400);
    assertThat(two.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    try (java.io.InputStream body = two.body()) {
      assertThat(new String(body.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).contains("the request has 2"
          + " Last-Event-ID headers ('41', '42'); send one, the id of the last event the client received");
    }
    HttpResponse<java.io.InputStream> one = http.send(request().header("Last-Event-ID", "42").build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(one.statusCode()).as("the only slot is free").isEqualTo(200);
    one.body().close();
  }

  @Test
  void aClientConnectingAgainWithItsLastEventIdIsToldWhatItMissedIsNotReplayed() throws Exception {
    HttpResponse<java.io.InputStream> again = http.send(request().header("Last-Event-ID", "01a24863-6c96-7000-a20e-cdcd8abc91db")
        .build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(again.statusCode()).isEqualTo(200);
    java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(again.body(),
        java.nio.charset.StandardCharsets.UTF_8));
    assertThat(lines.readLine()).isEqualTo(": scribe change feed");
    assertThat(lines.readLine()).isEmpty();
    assertThat(lines.readLine()).isEqualTo("event: missed");
    assertThat(lines.readLine()).startsWith("data: ").contains("01a24863-6c96-7000-a20e-cdcd8abc91db")
        .contains("not replayed").contains("reload");
    again.body().close();
  }

  @Test
  void aStreamOpenedWhileTheFeedHasNoBrokerIsServedAndSaysItEndsOnceConnected() throws Exception {
    int nothingListens;
    try (java.net.ServerSocket reserved = new java.net.ServerSocket(0)) {
      nothingListens = reserved.getLocalPort();
    }
    try (ChangeFeed away = ChangeFeed.start(URI.create("amqp://guest:guest@127.0.0.1:" + nothingListens), exchange);
         ScribeServer serving = ScribeServer.builder().servlet("/_scribe/changes", away.servlet(FieldPolicy.none()))
             .start()) {
      HttpResponse<java.io.InputStream> stream = http.send(HttpRequest.newBuilder(
          serving.uri().resolve("/_scribe/changes")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertThat(stream.statusCode()).isEqualTo(200);
      java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(stream.body(),
          java.nio.charset.StandardCharsets.UTF_8));
      assertThat(lines.readLine()).isEqualTo(": scribe change feed");
      assertThat(lines.readLine()).isEmpty();
      assertThat(lines.readLine()).isEqualTo(": the change feed is not connected to the broker now; it retries, and"
          + " this stream ends with event: dropped once it is connected");
      stream.body().close();
    }
  }

  @Test
  void aLastEventIdIsReadAsTheUtf8ItIsSentIn() throws Exception {
    // EventSource sends the last event id encoded as UTF-8 (HTML, "EventSource"); read as Latin-1, the é of an id came
    // back to the client as Ã©. A socket, since HttpClient encodes header values itself.
    try (java.net.Socket socket = new java.net.Socket(server.uri().getHost(), server.uri().getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET /_scribe/changes HTTP/1.1\r\nHost: localhost\r\nLast-Event-ID: seen-\u00e9v\u00e9nement"
          + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
          java.nio.charset.StandardCharsets.UTF_8));
      String line;
      do {
        line = lines.readLine();
      } while (line != null && !line.equals("event: missed"));
      assertThat(lines.readLine()).contains("\"lastEventId\":\"seen-\u00e9v\u00e9nement\"");
    }
  }

  @Test
  void aRefusalKeepsItsStatusAndAFailedStatementIsNoRefusalOfTheToken() throws Exception {
    try (ScribeServer refusing = ScribeServer.builder()
        .servlet("/forbidden", feed.servlet(request -> {
          throw new dev.scribe.core.Veto(403, "the account 'ada' is disabled");
        }))
        .servlet("/failing", feed.servlet(request -> {
          throw new jakarta.persistence.PersistenceException("could not execute statement [select * from secret_accounts]",
              new java.sql.SQLException("relation \"secret_accounts\" does not exist"));
        }))
        .servlet("/expired", feed.servlet(request -> {
          throw new IllegalStateException("the token expired; log in again");
        }))
        .start()) {
      HttpResponse<String> forbidden = http.send(HttpRequest.newBuilder(refusing.uri().resolve("/forbidden")).build(),
          HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> failing = http.send(HttpRequest.newBuilder(refusing.uri().resolve("/failing")).build(),
          HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> expired = http.send(HttpRequest.newBuilder(refusing.uri().resolve("/expired")).build(),
          HttpResponse.BodyHandlers.ofString());

      // before, each was a 401 with the exception's message, the statement's text included
      assertThat(forbidden.statusCode()).isEqualTo(403);
      assertThat(forbidden.body()).contains("the account 'ada' is disabled");
      assertThat(forbidden.headers().firstValue("WWW-Authenticate")).isEmpty();
      assertThat(failing.statusCode()).isEqualTo(500);
      assertThat(failing.body()).doesNotContain("secret_accounts").contains("request id");
      assertThat(failing.headers().firstValue("WWW-Authenticate")).isEmpty();
      assertThat(expired.statusCode()).isEqualTo(401);
      assertThat(expired.body()).contains("the token expired; log in again");
    }
  }

  // RFC 6750 3.1: a request without credentials is told how to authenticate, with no error code, as the
  // application's routes answer it; a refusal's status names its title. Before, every 401 said invalid_token and
  // any 4xx other than 401 and 403 was titled "Bad Request"
  @Test
  void aRefusalsChallengeNamesAnErrorOnlyForCredentialsSentAndItsTitleFollowsItsStatus() throws Exception {
    try (ScribeServer refusing = ScribeServer.builder()
        .servlet("/expired", feed.servlet(request -> {
          throw new IllegalStateException("the token expired; log in again");
        }))
        .servlet("/vetoed", feed.servlet(request -> {
          throw new dev.scribe.core.Veto(401, "send a token");
        }))
        .servlet("/busy", feed.servlet(request -> {
          throw new dev.scribe.core.Veto(409, "the account is being moved; retry in a minute");
        }))
        .servlet("/gone", feed.servlet(request -> {
          throw new dev.scribe.core.Veto(410, "this feed was retired");
        }))
        .start()) {
      for (String path : List.of("/expired", "/vetoed")) {
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(refusing.uri().resolve(path)).build(),
            HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> sent = http.send(HttpRequest.newBuilder(refusing.uri().resolve(path))
            .header("Authorization", "Bearer stale").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).as(path).hasValue("Bearer realm=\"scribe\"");
        assertThat(sent.statusCode()).as(path).isEqualTo(401);
        assertThat(sent.headers().firstValue("WWW-Authenticate")).as(path)
            .hasValue("Bearer realm=\"scribe\", error=\"invalid_token\"");
        // another scheme sends no bearer token at all: RFC 6750 3.1 asks for no error code, as the application's
        // routes answer it. It was told invalid_token, as if a token had expired
        for (String scheme : List.of("Basic dXNlcjpwdw==", "Token abc")) {
          HttpResponse<String> other = http.send(HttpRequest.newBuilder(refusing.uri().resolve(path))
              .header("Authorization", scheme).build(), HttpResponse.BodyHandlers.ofString());
          assertThat(other.statusCode()).as(path + " " + scheme).isEqualTo(401);
          assertThat(other.headers().firstValue("WWW-Authenticate")).as(path + " " + scheme)
              .hasValue("Bearer realm=\"scribe\"");
        }
      }
      HttpResponse<String> busy = http.send(HttpRequest.newBuilder(refusing.uri().resolve("/busy")).build(),
          HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> gone = http.send(HttpRequest.newBuilder(refusing.uri().resolve("/gone")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(busy.statusCode()).isEqualTo(409);
      assertThat(busy.body()).contains("\"title\":\"Conflict\"", "the account is being moved");
      assertThat(gone.statusCode()).isEqualTo(410);
      assertThat(gone.body()).contains("\"title\":\"Gone\"");
    }
  }

  /**
   * A trailing slash names the feed, as it names every route of the application: {@code /_scribe/changes/} was a 404
   * here, and, where an application is mapped to {@code /*}, a refusal of its console (a 403 "needs the role admin"
   * for a user asking for their own changes).
   */
  @Test
  void aTrailingSlashNamesTheFeedAsOnTheApplicationsRoutes() throws Exception {
    HttpResponse<Void> head = http.send(HttpRequest.newBuilder(server.uri().resolve("/_scribe/changes/"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    HttpResponse<Void> options = http.send(HttpRequest.newBuilder(server.uri().resolve("/_scribe/changes/"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    assertThat(options.statusCode()).isEqualTo(204);
    assertThat(options.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
  }

  /**
   * A refusal made once {@code Accept} admitted the stream depends on the credentials too (a 401 of a stale token, the
   * 400 of a malformed header, a 403): it varies by {@code Authorization}, as the application's refusals of credentials
   * do, where it said {@code Vary: Accept} alone; and every problem is labelled {@code application/problem+json}, as
   * the application's are, where the feed's added {@code ;charset=utf-8}, which JSON has no use for (RFC 8259).
   */
  @Test
  void aRefusalOfTheCallerVariesByAuthorizationAndIsLabelledAsTheApplicationsProblems() throws Exception {
    try (ScribeServer refusing = ScribeServer.builder()
        .servlet("/expired", feed.servlet(request -> {
          throw new IllegalStateException("the token expired; log in again");
        }))
        .servlet("/malformed", feed.servlet(request -> {
          throw dev.scribe.controller.auth.AuthenticationException.malformed("the bearer token of the Authorization"
              + " header holds a space");
        }))
        .servlet("/forbidden", feed.servlet(request -> {
          throw new dev.scribe.core.Veto(403, "the account 'ada' is disabled");
        }))
        .start()) {
      for (String path : List.of("/expired", "/malformed", "/forbidden")) {
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(refusing.uri().resolve(path))
            .header("Authorization", "Bearer stale").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).as(path).isBetween(400, 403);
        assertThat(refused.headers().firstValue("Vary")).as(path).hasValue("Accept, Authorization");
        assertThat(refused.headers().firstValue("Content-Type")).as(path).hasValue("application/problem+json");
      }
      HttpResponse<String> unacceptable = http.send(HttpRequest.newBuilder(refusing.uri().resolve("/expired"))
          .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(unacceptable.statusCode()).isEqualTo(406);
      assertThat(unacceptable.headers().firstValue("Vary")).as("refused before the credentials are read")
          .hasValue("Accept");
      assertThat(unacceptable.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
  }

  /**
   * A caller check that finds the bearer credentials malformed (RFC 6750, 3.1: the token authenticator's 400 for
   * {@code Bearer abc def}) keeps its 400 and gets the challenge the application's routes give it,
   * {@code error="invalid_request"}, where it had none.
   */
  @Test
  void aMalformedBearerHeaderIsA400InvalidRequestAsOnTheApplicationsRoutes() throws Exception {
    try (ScribeServer checked = ScribeServer.builder()
        .servlet("/changes", feed.servlet(request -> {
          throw dev.scribe.controller.auth.AuthenticationException.malformed("the bearer token of the Authorization"
              + " header holds a space");
        }))
        .start()) {
      HttpResponse<String> malformed = http.send(HttpRequest.newBuilder(checked.uri().resolve("/changes"))
          .header("Authorization", "Bearer abc def").build(), HttpResponse.BodyHandlers.ofString());

      assertThat(malformed.statusCode()).isEqualTo(400);
      assertThat(malformed.headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer realm=\"scribe\", error=\"invalid_request\"");
      assertThat(malformed.body()).contains("holds a space");
    }
  }

  /**
   * An {@code If-Match} naming a tag is a 412, as on every read of the application whose answer has no ETag (an
   * index, {@code /auth/me}, the console): the stream has no tag the condition could name (RFC 9110, 13.1.1). It was
   * answered with a stream, as if the condition had not been sent. {@code *} holds, and a refusal of the caller
   * comes first.
   */
  @Test
  void anIfMatchNamingATagIsA412BeforeAnyStreamAndStarHolds() throws Exception {
    for (String ifMatch : new String[] {"\"1\"", "W/\"1\"", "\"a\", \"b\"", "garbage"}) {
      HttpResponse<Void> head = http.send(request().header("If-Match", ifMatch)
          .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
      HttpResponse<java.io.InputStream> get = http.send(request().header("If-Match", ifMatch).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      if (get.statusCode() != 412) {
        get.body().close();   // a stream: its body never ends
      }

      assertThat(head.statusCode()).as(ifMatch).isEqualTo(412);
      assertThat(get.statusCode()).as(ifMatch).isEqualTo(412);
      assertThat(get.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
      assertThat(new String(get.body().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).as(ifMatch)
          .contains("\"title\":\"Precondition Failed\"").contains("no ETag").contains("If-Match: *");
    }
    HttpResponse<java.io.InputStream> any = http.send(request().header("If-Match", "*").build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(any.statusCode()).as("If-Match: * holds, and the 412s held no slot").isEqualTo(200);
    any.body().close();

    try (ScribeServer refusing = ScribeServer.builder()
        .servlet("/changes", feed.servlet(request -> {
          throw new IllegalStateException("the token expired; log in again");
        }))
        .start()) {
      HttpResponse<String> expired = http.send(HttpRequest.newBuilder(refusing.uri().resolve("/changes"))
          .header("If-Match", "\"1\"").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(expired.statusCode()).as("the caller's refusal comes first").isEqualTo(401);
    }
  }

  /** A FeedAccess that lets the stream open, then throws {@code later} at every check after. */
  private static FeedAccess admitsOnceThenThrows(RuntimeException later) {
    java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
    return request -> {
      if (checks.getAndIncrement() > 0) {
        throw later;
      }
      return change -> change;
    };
  }

  /** The first event line of a stream and the data line after it, read until the stream ends. */
  private static String[] firstEvent(URI uri, HttpClient http) throws Exception {
    HttpResponse<java.io.InputStream> stream = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(40))
        .build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    try (java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(stream.body(),
        java.nio.charset.StandardCharsets.UTF_8))) {
      String event = null;
      for (String line; (line = lines.readLine()) != null; ) {
        if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("data: ") && event != null) {
          return new String[] {event, line.substring(6)};
        }
      }
      return new String[] {event, null};
    }
  }

  /**
   * The check of an open stream's caller told every failure as 'unauthorized', status 401, with its message: a
   * statement that failed sent its text to the client and logged it out, and a disabled account's 403 read 401.
   */
  @Test
  void aFailedStatementWhileCheckingAnOpenStreamIsNoRefusalAndARefusalKeepsItsStatus() throws Exception {
    try (ScribeServer checking = ScribeServer.builder()
        .servlet("/failing", feed.servlet(admitsOnceThenThrows(new jakarta.persistence.PersistenceException(
            "could not execute statement [select * from secret_accounts]",
            new java.sql.SQLException("relation \"secret_accounts\" does not exist")))))
        .servlet("/forbidden", feed.servlet(admitsOnceThenThrows(
            new dev.scribe.core.Veto(403, "the account 'ada' is disabled"))))
        .start()) {
      String[] failing = firstEvent(checking.uri().resolve("/failing"), http);
      String[] forbidden = firstEvent(checking.uri().resolve("/forbidden"), http);

      assertThat(failing[0]).isEqualTo("failed");
      assertThat(failing[1]).doesNotContain("secret_accounts").contains("request id").contains("\"status\":500");
      assertThat(forbidden[0]).isEqualTo("unauthorized");
      assertThat(forbidden[1]).contains("\"status\":403").contains("the account 'ada' is disabled");
    }
  }
}
