package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a careless or hostile client writes on the request line — the method, the target, the version — over a
 * plain socket, as no well-behaved client library would send it. Every answer is problem+json naming what was
 * wrong and what is allowed, and nothing is written.
 */
class RequestLineTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();

  @Test
  void aMethodNameInLowerCaseIsNotTheMethodAndIs405NamingTheOneMeant() throws IOException {
    long id = http.createTask("{\"title\":\"Read\"}");

    RawHttp.Response get = exchange("get /tasks/" + id, "");
    RawHttp.Response post = exchange("post /tasks", "{\"title\":\"lower\"}");
    RawHttp.Response head = exchange("head /tasks/" + id, "");
    RawHttp.Response mixed = exchange("Delete /tasks/" + id, "");

    // before, a lower-case name was served as the upper-case one (post created a task), and head was a 500
    assertProblem(get, 405);
    assertThat(get.header("Allow")).isEqualTo("GET, HEAD, PATCH, PUT, DELETE");
    assertThat(get.problem().get("detail")).isEqualTo("get is not supported on /tasks/" + id + " (/tasks/{id}); use"
        + " GET, HEAD, PATCH, PUT, DELETE; method names are case-sensitive: GET is written in capitals");
    assertProblem(post, 405);
    assertThat(post.header("Allow")).isEqualTo("GET, HEAD, POST, PATCH, DELETE");
    assertThat(post.problem().get("detail").toString()).endsWith("method names are case-sensitive: POST is written in capitals");
    assertProblem(head, 405);
    assertProblem(mixed, 405);
    assertThat(mixed.problem().get("detail").toString()).endsWith("DELETE is written in capitals");
    assertThat(http.rows("http_tasks")).isEqualTo(1);
  }

  @Test
  void aLowerCaseMethodOnTheOtherRoutesIs405Too() throws IOException {
    long id = http.createTask("{\"title\":\"Read\"}");

    for (String target : new String[] {"/tasks/" + id + "/subtasks", "/tasks/count", "/tasks.csv", "/admin/tasks/" + id}) {
      RawHttp.Response response = exchange("get " + target, "");
      assertProblem(response, 405);
      assertThat(response.problem().get("detail").toString()).as(target).endsWith("GET is written in capitals");
    }
    RawHttp.Response options = exchange("options /tasks", "");
    assertProblem(options, 405);
    assertThat(options.header("Allow")).isEqualTo("GET, HEAD, POST, PATCH, DELETE");
  }

  @Test
  void optionsAsteriskAsksAboutTheServerAndIs204WithTheMethodsItServes() throws IOException {
    RawHttp.Response response = RawHttp.exchange(http.server.port(),
        "OPTIONS * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

    // before, a 404 "no resource at *", as though the server did not exist
    assertThat(response.status()).as(response.toString()).isEqualTo(204);
    assertThat(response.header("Allow")).isEqualTo("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    assertThat(response.body()).isEmpty();
  }

  @Test
  void connectAsksForATunnelAndIs501SayingTheServerIsNoProxy() throws IOException {
    RawHttp.Response response = RawHttp.exchange(http.server.port(),
        "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\nConnection: close\r\n\r\n");

    // before, a 404 "no resource at /": the server named a path the client never asked for
    assertProblem(response, 501);
    assertThat(response.problem().get("detail")).isEqualTo("CONNECT asks for a tunnel to another server, and this"
        + " server is no proxy: it serves its own URLs only");
  }

  @Test
  void anHttp2RequestLineIs505SayingWhichVersionsTheServerSpeaks() throws IOException {
    RawHttp.Response http2 = RawHttp.exchange(http.server.port(),
        "POST /tasks HTTP/2.0\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"title\":\"h2\"}");
    RawHttp.Response preface = RawHttp.exchange(http.server.port(), "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    RawHttp.Response unknown = RawHttp.exchange(http.server.port(), "GET /tasks HTTP/1.2\r\nHost: localhost\r\n\r\n");

    // before, HTTP/2.0 was a 426 Upgrade Required without the Upgrade header a 426 must carry (there is nothing to
    // upgrade to), and every 505 said only "Unknown Version"
    String speaks = "this server speaks HTTP/1.1 and HTTP/1.0; send the request line as METHOD /path HTTP/1.1";
    for (RawHttp.Response response : new RawHttp.Response[] {http2, preface}) {
      assertProblem(response, 505);
      assertThat(response.problem().get("detail")).isEqualTo("the request line names HTTP/2.0, which this server does"
          + " not speak (not over plain HTTP/1 connections, nor with prior knowledge); " + speaks);
      assertThat(response.header("Upgrade")).isNull();
    }
    // HTTP/1.2 too: RFC 9112, 2.3 would have it answered as HTTP/1.1 (a SHOULD), but Jetty's parser refuses a version
    // it does not know before the application sees the request (docs/runtime.md)
    assertProblem(unknown, 505);
    assertThat(unknown.problem().get("detail")).isEqualTo("the request line names no protocol version this server"
        + " speaks (HTTP/0.9, which has none, is not spoken either); " + speaks);
    assertThat(http.rows("http_tasks")).isZero();
  }

  @Test
  void aQueryStringByteThatIsNotUtf8Is400RatherThanAReplacementCharacter() throws IOException {
    http.createTask("{\"title\":\"A\uFFFDB\"}");

    // 0xE9 is 'é' in Latin-1, sent as it is; RawHttp sends the request as ISO-8859-1 bytes
    RawHttp.Response latin1 = RawHttp.exchange(http.server.port(), "GET /tasks?title=A\u00e9B HTTP/1.1\r\n"
        + "Host: localhost\r\nConnection: close\r\n\r\n");
    RawHttp.Response encoded = RawHttp.exchange(http.server.port(), "GET /tasks?title=A%EF%BF%BDB HTTP/1.1\r\n"
        + "Host: localhost\r\nConnection: close\r\n\r\n");

    // before, the container read the byte as U+FFFD and the filter found the task titled "A\uFFFDB": a value the
    // client never sent, with a 200
    assertProblem(latin1, 400);
    assertThat(latin1.problem().get("detail")).isEqualTo("the query string part 'title=A\uFFFDB' holds a byte that is"
        + " not UTF-8, sent without percent-encoding (read as U+FFFD, the replacement character); percent-encode the"
        + " UTF-8 bytes of the text (%C3%A9 for \u00e9)");
    assertThat(encoded.status()).as("U+FFFD itself, percent-encoded, is text like any other").isEqualTo(200);
    assertThat(encoded.body()).contains("\"total\":1");
  }

  @Test
  void whatJettyRefusesOnTheRequestLineOrInTheHeadersIsSaidInTheClientsTerms() throws IOException {
    String host = "Host: localhost\r\nConnection: close\r\n";
    Map<String, String> sent = new java.util.LinkedHashMap<>();
    sent.put("GET /tasks/%2e%2e/tasks HTTP/1.1\r\n" + host + "\r\n", "a '.' or '..' segment written with percent-escapes");
    sent.put("GET /tasks%2F1 HTTP/1.1\r\n" + host + "\r\n", "holds an encoded slash (%2F)");
    sent.put("GET /tasks//1 HTTP/1.1\r\n" + host + "\r\n", "has an empty segment (//)");
    sent.put("GET /tasks/a%5Cb HTTP/1.1\r\n" + host + "\r\n", "a control character or a backslash");
    sent.put("GET /tasks/%C0%AF HTTP/1.1\r\n" + host + "\r\n", "is not valid UTF-8 once percent-decoded");
    sent.put("GET /tasks/a%00b HTTP/1.1\r\n" + host + "\r\n", "encodes NUL (%00)");
    sent.put("GET * HTTP/1.1\r\n" + host + "\r\n", "'*' is the target of OPTIONS alone");
    sent.put("GET /tasks#top HTTP/1.1\r\n" + host + "\r\n", "has a fragment");
    sent.put("GET /tasks HTTP/1.1\r\nConnection: close\r\n\r\n", "no Host header");
    sent.put("GET /tasks HTTP/1.1\r\n" + host + "X-A: a\r\n b\r\n\r\n", "obsolete line folding");
    sent.put("POST /tasks HTTP/1.1\r\n" + host + "Content-Type: application/json\r\nContent-Length: abc\r\n\r\n{}",
        "Content-Length must be a single whole number of bytes");
    sent.put("POST /tasks HTTP/1.1\r\n" + host + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
        + "Content-Length: 2\r\n\r\n2\r\n{}\r\n0\r\n\r\n", "both Transfer-Encoding and Content-Length");
    sent.put("POST /tasks HTTP/1.1\r\n" + host + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
        + "\r\nZZ\r\n{\"title\":\"chunked\"}\r\n0\r\n\r\n", "a chunk size that is not a hexadecimal number");
    // Jetty's own words reached the client: "Bad EOL", "Deprecated User Info"; a header line that starts with its
    // colon was said to be a folded line
    sent.put("GET /tasks HTTP/1.1\r\n" + host + "X-A: a\rX-B: b\r\n\r\n", "ends with a carriage return alone");
    sent.put("GET http://user@localhost/tasks HTTP/1.1\r\n" + host + "\r\n", "names a user before its host");
    sent.put("GET /tasks HTTP/1.1\r\n" + host + ": v\r\n\r\n", "a header line without a name before its colon");

    for (Map.Entry<String, String> request : sent.entrySet()) {
      RawHttp.Response response = RawHttp.exchange(http.server.port(), request.getKey());

      // before, the detail was Jetty's reason ("Ambiguous URI path separator", "Early EOF", "Bad Request")
      assertProblem(response, 400);
      assertThat(response.problem().get("detail").toString()).as(request.getKey())
          .startsWith("the request is not valid HTTP/1.1: ").contains(request.getValue());
    }
    assertThat(http.rows("http_tasks")).isZero();
  }

  @Test
  void anHttp10RequestWithTransferEncodingIs400AndWritesNothing() throws IOException {
    String json = "{\"title\":\"one zero\"}";
    String chunked = Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n\r\n";

    RawHttp.Response response = RawHttp.exchange(http.server.port(), "POST /tasks HTTP/1.0\r\nHost: localhost\r\n"
        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked);

    // HTTP/1.0 has no transfer codings, so a 1.0 proxy in front frames such a body by its Content-Length or the
    // connection's end (RFC 9112, 6.1: faulty framing, and the connection closed): it was read as chunked, a 201
    assertProblem(response, 400);
    assertThat(response.header("Connection")).isEqualTo("close");
    assertThat(response.problem().get("detail")).isEqualTo("the request is HTTP/1.0, which has no transfer codings, yet"
        + " has a Transfer-Encoding header ('chunked'), so where its body ends is read differently by different servers"
        + " (RFC 9112, 6.1); send the body with Content-Length, or send the request as HTTP/1.1");
    assertThat(http.rows("http_tasks")).isZero();
  }

  @Test
  void aCharacterAUrlCannotCarryAsItIsIsNamedForWhatItIs() throws IOException {
    String host = " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    for (String path : List.of("/tasks/a\"b", "/tasks/a<b", "/tasks/a{b", "/tasks/a|b", "/tasks/a^b", "/tasks/a`b",
        "/tasks/a[b")) {
      RawHttp.Response response = RawHttp.exchange(http.server.port(), "GET " + path + host);

      // before, each of these ASCII characters was said to be "a character outside ASCII sent as it is"
      assertProblem(response, 400);
      assertThat(response.problem().get("detail")).as(path).isEqualTo("the request is not valid HTTP/1.1: the URL path"
          + " holds a character that a URL carries only percent-encoded: one outside ASCII, or one of \" < > [ ] ^ ` { |"
          + " }; percent-encode it (%22 for \", the UTF-8 bytes %C3%A9 for \u00e9)");
    }
    RawHttp.Response backslash = RawHttp.exchange(http.server.port(), "GET /tasks/a\\b" + host);

    // before, Jetty's own words: "Suspicious Path Character, Illegal Path Character"
    assertProblem(backslash, 400);
    assertThat(backslash.problem().get("detail")).isEqualTo("the request is not valid HTTP/1.1: the URL path holds a"
        + " control character or a backslash, percent-encoded or not (%00 to %1F, %7F, %5C); leave it out");
  }

  @Test
  void aHostOrAHeaderLineJettyRefusesIsExplainedInTheClientsTerms() throws IOException {
    String start = "GET /tasks HTTP/1.1\r\n";
    String end = "Connection: close\r\n\r\n";
    Map<String, String> explained = new java.util.LinkedHashMap<>();
    String host = "the Host header is not a host name or address with an optional port; send the server's name as the"
        + " URL has it, such as Host: example.com, Host: example.com:8080 or Host: [::1]:8080";
    explained.put("Host:\r\n", "the Host header is empty; send the server's name as the URL has it, such as Host:"
        + " example.com or Host: example.com:8080");
    explained.put("Host: a b\r\n", host);
    explained.put("Host: localhost:99999\r\n", host);
    String line = "; a header is one line of its name, a colon and its value, the name made of letters, digits and"
        + " ! # $ % & ' * + - . ^ _ ` | ~ only, and no control character but a tab may stand in a value";
    explained.put("Host: localhost\r\nX-Note: a\u0001b\r\n".replace("X-Note", "X-Other"), "the request line or a header"
        + " holds the control character 0x1 where HTTP does not allow one" + line);
    explained.put("Host: localhost\r\nContent Type: application/json\r\n", "the request line or a header holds a space"
        + " where HTTP does not allow one" + line);
    explained.put("Host: localhost\r\nNoColon\r\n", "the request line or a header holds a line end where"
        + " HTTP does not allow one" + line);
    explained.put("Host: localhost\r\nX-Note: a\u0001b\r\n", "the request line or a header holds the control"
        + " character 0x1 where HTTP does not allow one" + line);
    String notLast = "the Transfer-Encoding header does not end with chunked, so where the body ends cannot be told (a"
        + " body in any other coding runs until the connection closes); a request body is framed by Transfer-Encoding:"
        + " chunked, chunked being the last coding, or by Content-Length";
    explained.put("Host: localhost\r\nTransfer-Encoding: chunked, gzip\r\n", notLast);
    // no chunked at all: the answer said that chunked came before another coding
    explained.put("Host: localhost\r\nTransfer-Encoding: gzip\r\n", notLast);
    explained.put("Host: localhost\r\nTransfer-Encoding: identity\r\n", notLast);
    // Jetty's "Bad Transfer-Encoding, multiple chunked tokens" was passed on in its words
    explained.put("Host: localhost\r\nTransfer-Encoding: chunked, chunked\r\n", "the Transfer-Encoding header names"
        + " chunked more than once, and a body is chunked once; send Transfer-Encoding: chunked, or Content-Length");
    for (Map.Entry<String, String> request : explained.entrySet()) {
      RawHttp.Response response = RawHttp.exchange(http.server.port(), start + request.getKey() + end);

      // before, Jetty's own words: "Blank Host", "Bad HostPort", "Illegal character SPACE=' '", "Illegal character
      // EOL=0xa", "Illegal character CNTL=0x1", "Bad Transfer-Encoding, chunked not last", which said that chunked
      // came before another coding when the header named no chunked at all
      assertProblem(response, 400);
      assertThat(response.problem().get("detail")).as(request.getKey())
          .isEqualTo("the request is not valid HTTP/1.1: " + request.getValue());
    }
  }

  private static RawHttp.Response exchange(String requestLine, String json) throws IOException {
    String body = json.isEmpty() ? "" : "Content-Type: application/json\r\nContent-Length: "
        + json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\n";
    return RawHttp.exchange(http.server.port(), requestLine + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        + body + "\r\n" + json);
  }

  /**
   * A request target in absolute form names the scheme of the URL it asks for: one that is no HTTP URL
   * ({@code ftp://localhost/tasks}) names no resource of this server, and was answered as if it were
   * {@code http://localhost/tasks}.
   */
  @Test
  void anAbsoluteTargetOfAnotherSchemeThanHttpIsA400NamingIt() throws IOException {
    long id = http.createTask("{\"title\":\"schemes\"}");
    String rest = "/tasks/" + id + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

    RawHttp.Response ftp = RawHttp.exchange(http.server.port(), "GET ftp://localhost" + rest);
    RawHttp.Response deleted = RawHttp.exchange(http.server.port(), "DELETE gopher://localhost" + rest);

    assertProblem(ftp, 400);
    assertThat(ftp.problem().get("detail")).isEqualTo("the request is not valid HTTP/1.1: the request target names a"
        + " URL of the scheme 'ftp', and this"
        + " server serves http and https URLs only; send the path alone as the target, or an http URL");
    assertProblem(deleted, 400);
    assertThat(RawHttp.exchange(http.server.port(), "GET http://localhost" + rest).status()).isEqualTo(200);
    assertThat(RawHttp.exchange(http.server.port(), "GET HTTPS://localhost" + rest).status())
        .as("behind a proxy that ends TLS, and in any case").isEqualTo(200);
    assertThat(http.rows("http_tasks")).as("nothing deleted").isEqualTo(1);
  }

  private static void assertProblem(RawHttp.Response response, int status) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
    Map<String, Object> problem = response.problem();
    assertThat(problem).containsEntry("status", status).containsKey("detail");
    assertThat(problem.get("detail").toString()).doesNotContain("org.eclipse").doesNotContain("Exception");
  }
}
