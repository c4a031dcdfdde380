package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code Accept} and {@code Content-Type} at their edges: a quality of 0 for every type served is a 406; a header that
 * does not parse as media ranges restricts nothing, while an empty list element is passed over; a long header or a
 * thousand ranges are answered at once, never a 500, and a 406 quotes the header shortened; a JSON body in another
 * charset than UTF-8 is a 415 naming it.
 */
class AcceptEdgeCasesTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start(b -> b, b -> b.introspection(true));

  @BeforeAll
  static void files() {
    http.taskController.attachments(AttachmentStore.database());
  }

  private static long task() {
    return http.createTask("{\"title\": \"edge\"}");
  }

  @Test
  void aQualityOfZeroForEveryTypeServedIsA406() {
    long id = task();
    List<String> urls = List.of("/tasks", "/tasks/" + id, "/tasks/count", "/tasks/" + id + "/files", "/_scribe/events");
    for (String accept : List.of("*/*;q=0", "application/*;q=0", "application/json;q=0, application/problem+json;q=0",
        "application/json;q=0, text/csv;q=0, application/x-ndjson;q=0, text/*;q=0, */*;q=0",
        "application/json;q=0.000, */*;q=0")) {
      for (String url : urls) {
        Reply refused = http.send("GET", url, null, "Accept", accept);
        assertThat(refused.status()).as(url + " " + accept + ": " + refused).isEqualTo(406);
      }
    }
  }

  @Test
  void aHeaderThatDoesNotParseRestrictsNothing() {
    long id = task();
    for (String accept : List.of(";;;", "text/", "/json", "text/csv/x", "text csv", "application/xml, text/",
        "text/csv, ;;;", "application/json;q=abc", ",,,", "*/*, @/@")) {
      for (String url : List.of("/tasks", "/tasks/" + id, "/tasks/count")) {
        Reply answered = http.send("GET", url, null, "Accept", accept);
        assertThat(answered.status()).as(url + " [" + accept + "]: " + answered).isEqualTo(200);
        assertThat(answered.header("Content-Type")).as(url + " [" + accept + "]").isEqualTo("application/json");
      }
    }
  }

  @Test
  void anEmptyElementOfTheListIsPassedOver() {
    long id = task();
    // RFC 9110 (5.6.1): empty list elements are ignored; the ranges that remain still decide
    for (String accept : List.of("application/xml,", ", application/xml", "application/xml, , text/html")) {
      Reply refused = http.send("GET", "/tasks/" + id, null, "Accept", accept);
      assertThat(refused.status()).as("[" + accept + "]: " + refused).isEqualTo(406);
    }
    Reply csv = http.send("GET", "/tasks", null, "Accept", ", text/csv,");
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.header("Content-Type")).isEqualTo("text/csv; charset=utf-8");
  }

  @Test
  void aLongHeaderOrAThousandRangesAreAnsweredAtOnce() {
    long id = task();
    try (ScribeServer roomy = ScribeServer.builder().maxRequestHeaderBytes(256 * 1024).application("/*", http.app).start()) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String thousandXml = IntStream.range(0, 1000).mapToObj(i -> "application/xml;q=0.5").collect(Collectors.joining(", "));
      String thousandCharsets = IntStream.range(0, 1000).mapToObj(i -> "text/csv;charset=latin-" + i)
          .collect(Collectors.joining(", "));
      String thousandCsv = IntStream.range(0, 1000).mapToObj(i -> "text/csv;header=absent;q=0." + (i % 9 + 1))
          .collect(Collectors.joining(", "));
      String longParameters = "application/json" + ";a=b".repeat(2500);
      assertThat(longParameters.length()).isGreaterThan(10_000);
      for (String accept : List.of(thousandXml, thousandCharsets, thousandCsv, longParameters)) {
        for (String url : List.of("/tasks", "/tasks/" + id)) {
          long start = System.nanoTime();
          Reply reply = exchange(client, roomy.uri().resolve(url), accept);
          long millis = (System.nanoTime() - start) / 1_000_000;

          assertThat(reply.status()).as(url + " " + accept.substring(0, 40)).isIn(200, 406);
          assertThat(millis).as(url + " " + accept.substring(0, 40)).isLessThan(2_000);
          // the 406 names the header, shortened: it does not send 20 KB of the client's own text back
          assertThat(reply.body().length()).as(url + " " + accept.substring(0, 40)).isLessThan(2_000);
        }
      }
      assertThat(exchange(client, roomy.uri().resolve("/tasks"), thousandXml).status()).isEqualTo(406);
      assertThat(exchange(client, roomy.uri().resolve("/tasks"), thousandCharsets).status()).isEqualTo(406);
      assertThat(exchange(client, roomy.uri().resolve("/tasks"), thousandCsv).status()).isEqualTo(200);
      assertThat(exchange(client, roomy.uri().resolve("/tasks/" + id), longParameters).status()).isEqualTo(200);
    }
    // within the default limit of 8 KiB of headers, a longer one is a 431, as any header over it
    Reply tooLong = http.send("GET", "/tasks", null, "Accept", "application/json" + ";a=b".repeat(2500));
    assertThat(tooLong.status()).isEqualTo(431);
  }

  private static Reply exchange(HttpClient client, URI uri, String accept) {
    return Reply.exchange(client, uri, "GET", null, "Accept", accept);
  }

  @Test
  void aBodyInAnotherCharsetIsA415NamingItAndWritesNothing() {
    byte[] latin1 = "{\"title\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
    for (String type : List.of("application/json; charset=latin1", "application/json; charset=ISO-8859-1",
        "application/json;charset=\"windows-1252\"", "application/json; charset=utf-16")) {
      Reply refused = send("POST", "/tasks", type, latin1);

      assertThat(refused.status()).as(type + ": " + refused).isEqualTo(415);
      assertThat((String) refused.map().get("detail")).contains("charset").contains("UTF-8");
    }
    assertThat(http.rows("http_tasks")).isZero();
  }

  private static Reply send(String method, String path, String contentType, byte[] body) {
    return Reply.exchangeBytes(http.uri(path), method, contentType, body);
  }

}
