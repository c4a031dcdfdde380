package dev.scribe.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.controller.Controller;
import dev.scribe.controller.RestApplication;
import dev.scribe.core.ScribeException;
import dev.scribe.core.UsageException;
import dev.scribe.repository.DataStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JSON client against a real server: bodies as given or as JSON, headers, statuses. */
@ScribeTest(entities = Note.class, trace = false)
class TestClientTest {
  static TestClient client;

  @BeforeAll
  static void serve(DataStore store, TestServer server) {     // one server for the whole class
    NoteRepository notes = store.register(new NoteRepository());
    client = server.start(RestApplication.builder(store).mount("notes", new Controller<>(notes)).build()).client();
  }

  @Test
  void objectsAreSentAsJsonAndStringsAsTheyAre() {
    TestResponse fromMap = client.post("/notes", Map.of("title", "map"));
    TestResponse fromText = client.post("/notes", "{\"title\":\"text\"}");
    TestResponse broken = client.post("/notes", "{\"title\":");

    assertThat(fromMap.status()).isEqualTo(201);
    assertThat(fromText.map()).containsEntry("title", "text");
    assertThat(broken.status()).isEqualTo(400);
    assertThat(broken.header("Content-Type")).startsWith("application/problem+json");
  }

  @Test
  void javaTimeValuesInABodyAreSentAsTheApiWritesThem() {
    TestResponse date = client.post("/notes", Map.of("title", java.time.LocalDate.of(2026, 3, 1)));
    TestResponse instant = client.post("/notes", Map.of("title", java.time.Instant.parse("2026-03-01T08:30:00Z")));

    assertThat(date.status()).isEqualTo(201);
    assertThat(date.map()).containsEntry("title", "2026-03-01");
    assertThat(instant.map()).containsEntry("title", "2026-03-01T08:30:00Z");
  }

  @Test
  void pagesHaveItems() {
    client.post("/notes", Map.of("title", "one"));
    client.post("/notes", Map.of("title", "two"));

    TestResponse page = client.get("/notes?sort=-id");

    assertThat(page.items()).extracting(item -> item.get("title")).containsExactly("two", "one");
    assertThatThrownBy(() -> client.get("/notes/" + page.items().get(0).get("id")).items())
        .hasMessageStartingWith("the body has no items list: 200");
  }

  @Test
  void headersGoWithEveryRequestOrWithOne() {
    TestClient json = client.withHeader("Accept", "application/json");
    long id = ((Number) json.post("/notes", Map.of("title", "v1")).map().get("id")).longValue();
    String etag = json.get("/notes/" + id).header("ETag");

    TestResponse fresh = json.patch("/notes/" + id, Map.of("title", "v2"), "If-Match", etag);
    TestResponse stale = json.patch("/notes/" + id, Map.of("title", "v3"), "If-Match", etag);

    assertThat(fresh.status()).isEqualTo(200);
    assertThat(fresh.header("ETag")).isNotEqualTo(etag);
    assertThat(stale.status()).isEqualTo(412);
    assertThat(json.delete("/notes/" + id).status()).isEqualTo(204);
    assertThat(json.put("/notes/" + id, Map.of("title", "gone")).status()).isEqualTo(404);
  }

  @Test
  void headersComeInPairsAndAnswersThatAreNotJsonSaySo() {
    assertThatThrownBy(() -> client.get("/notes", "Accept")).isInstanceOf(ScribeException.class)
        .hasMessage("headers come as name, value pairs; got an odd number: [Accept]");
    TestResponse notJson = new TestResponse(200, java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true), "<html>");
    assertThatThrownBy(notJson::json).hasMessageStartingWith("the body is not JSON: 200 {} <html>");
    assertThatThrownBy(new TestResponse(200, notJson.headers(), "[1]")::map)
        .hasMessage("the body is not a JSON object: 200 {} [1]");
    assertThat(new TestResponse(200, notJson.headers(), "[1]").json()).isEqualTo(List.of(1));
  }

  /** A 204 (or any answer without a body) has no JSON to read: said as such, not as a body that failed to parse. */
  @Test
  void anAnswerWithoutABodyHasNoJsonAndSaysSoNamingItsStatus() {
    java.net.http.HttpHeaders none = java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true);

    assertThatThrownBy(new TestResponse(204, none, "")::json).isInstanceOf(org.opentest4j.AssertionFailedError.class)
        .hasMessage("the 204 response has no body, so there is no JSON to read; assert on its status() and headers,"
            + " or check that the request was meant to answer a body")
        .hasNoCause();
    assertThatThrownBy(new TestResponse(204, none, "")::map).hasMessageStartingWith("the 204 response has no body");
    assertThatThrownBy(new TestResponse(200, none, "")::items).hasMessageStartingWith("the 200 response has no body");
  }

  @Test
  void aBodyWithMoreAfterItsFirstJsonValueIsNotJson() {
    // a problem body written after a record (or two records in one body) read as the first one alone
    java.net.http.HttpHeaders none = java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true);
    TestResponse twoObjects = new TestResponse(200, none, "{\"id\":1}{\"status\":500}");
    TestResponse trailingText = new TestResponse(200, none, "[1] <html>");

    assertThatThrownBy(twoObjects::json).hasMessageStartingWith("the body is not JSON: 200 {} {\"id\":1}{\"status\":500}");
    assertThatThrownBy(twoObjects::map).hasMessageStartingWith("the body is not JSON");
    assertThatThrownBy(trailingText::json).hasMessageStartingWith("the body is not JSON: 200 {} [1] <html>");
    assertThat(new TestResponse(200, none, " {\"id\":1}\r\n").map()).isEqualTo(Map.of("id", 1));
  }

  @Test
  void aNullPathHeaderNameOrValueIsAUsageExceptionSayingWhatToPass() {
    assertThatThrownBy(() -> client.get(null)).isInstanceOf(UsageException.class)
        .hasMessage("send(\"GET\", null, ...): pass the method and the path to resolve against " + client.base()
            + ", e.g. get(\"/tasks\")");
    assertThatThrownBy(() -> client.withHeader(null, "application/json")).isInstanceOf(UsageException.class)
        .hasMessage("withHeader(null, \"application/json\"): pass the header's name and value, e.g."
            + " withHeader(\"Authorization\", \"Bearer \" + token)");
    assertThatThrownBy(() -> client.withHeader("Accept", null)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("withHeader(\"Accept\", null): pass the header's name and value");
    assertThatThrownBy(() -> client.get("/notes", "If-Match", null)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("GET /notes with the header \"If-Match\", null: pass each header's name and value");
    assertThatThrownBy(() -> client.get("/notes", null, "x", "Accept")).isInstanceOf(ScribeException.class)
        .hasMessage("headers come as name, value pairs; got an odd number: [null, x, Accept]");
    assertThatThrownBy(() -> TestClient.of(null)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("TestClient.of(null): pass the server's base URI");
  }

  @Test
  void aHeaderPathOrMethodTheHttpClientCannotSendIsAUsageExceptionNamingIt() {
    assertThatThrownBy(() -> client.get("/notes", "Content-Length", "3")).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("GET /notes with the header \"Content-Length\", \"3\": java.net.http.HttpClient cannot"
            + " send it (restricted header name: \"Content-Length\"); it sets Host, Content-Length,");
    assertThatThrownBy(() -> client.withHeader("Connection", "close")).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("withHeader(\"Connection\", \"close\"): java.net.http.HttpClient cannot send it (restricted"
            + " header name: \"Connection\"); it sets Host, Content-Length,");
    assertThatThrownBy(() -> client.withHeader("X Note", "1")).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("withHeader(\"X Note\", \"1\"): java.net.http.HttpClient cannot send it (")
        .hasMessageContaining("names and values must be valid HTTP (no spaces in a name, no line breaks)");
    assertThatThrownBy(() -> client.get("/notes", "X-Note", "a\r\nb")).isInstanceOf(UsageException.class)
        .hasMessageContaining("names and values must be valid HTTP (no spaces in a name, no line breaks)");
    assertThatThrownBy(() -> client.get("/notes?title=a b")).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("GET /notes?title=a b: the path is not a valid URI (")
        .hasMessageEndingWith("); percent-encode what it carries, e.g. URLEncoder.encode(value, UTF_8) for a query value");
    assertThatThrownBy(() -> client.send("", "/notes", null)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("send(\"\", \"/notes\", ...): ")
        .hasMessageEndingWith("; pass an HTTP method such as \"GET\", \"POST\" or \"OPTIONS\"");
  }

  @Test
  void aBaseThatIsNoAbsoluteHttpUriIsRefusedWhereTheClientIsMadeNotBlamedOnEveryPath() {
    assertThatThrownBy(() -> TestClient.of(java.net.URI.create("/notes/"))).isInstanceOf(UsageException.class)
        .hasMessage("TestClient.of(/notes/): the base URI must be absolute, with the scheme http or https and a host,"
            + " e.g. server.uri() or URI.create(\"http://127.0.0.1:8080/\")");
    assertThatThrownBy(() -> TestClient.of(java.net.URI.create("ftp://127.0.0.1/"))).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("TestClient.of(ftp://127.0.0.1/): the base URI must be absolute, with the scheme http");
    assertThatThrownBy(() -> TestClient.of(java.net.URI.create("http:notes"))).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("TestClient.of(http:notes): the base URI must be absolute");
    assertThat(TestClient.of(client.base()).get("/notes").status()).isEqualTo(200);
  }
}
