package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scribe.controller.fixture.Receipt;
import dev.scribe.controller.fixture.ReceiptRepository;
import dev.scribe.core.Scribe;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Over HTTP, a column set once ({@code @Column(updatable = false)}) is set by POST and a PUT, PATCH or bulk PATCH
 * that would change it is a 400 naming it, while one sending the stored value back (a client PUTting the record
 * it read) goes through; a column the INSERT leaves out ({@code insertable = false}) is a 400 on POST and import
 * and is set by PATCH. Before, the value was answered as stored and the database kept the old one.
 */
class WriteOnceColumnsOverHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CREATED_BY = "cannot be changed after create: @Column(updatable = false); leave it out"
      + " or send the stored value";
  private static TestDatabase database;
  private static DataStore store;
  private static ScribeServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws SQLException {
    database = TestDatabase.create();
    database.open("write_once");
    store = database.store(Scribe.builder().build(), Receipt.class);
    ReceiptRepository receipts = store.register(new ReceiptRepository());
    server = ScribeServer.start(RestApplication.builder(store).mount("receipts", new Controller<>(receipts)).build(), 0);
  }

  @AfterAll
  static void stop() throws SQLException {
    server.close();
    store.close();
    database.close();
  }

  @AfterEach
  void clear() throws SQLException {
    try (Connection connection = database.connection(); Statement statement = connection.createStatement()) {
      statement.execute("DELETE FROM Receipt");
    }
  }

  private Map<String, Object> alices() throws Exception {
    HttpResponse<String> created = send("POST", "/receipts", "{\"title\":\"rent\",\"createdBy\":\"alice\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return body(created);
  }

  @Test
  void patchAndPutThatWouldChangeItAre400sNamingItAndTheRowKeepsItsValue() throws Exception {
    String path = "/receipts/" + alices().get("id");

    HttpResponse<String> patched = send("PATCH", path, "{\"title\":\"x\",\"createdBy\":\"mallory\"}");
    HttpResponse<String> put = send("PUT", path, "{\"title\":\"x\",\"createdBy\":\"mallory\"}");

    for (HttpResponse<String> refused : List.of(patched, put)) {
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
      assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("application/problem+json"));
      assertThat(body(refused)).containsEntry("errors", Map.of("createdBy", List.of(CREATED_BY)))
          .containsEntry("message", "createdBy cannot be changed after create: @Column(updatable = false)");
    }
    assertThat(body(send("GET", path, null))).containsEntry("createdBy", "alice").containsEntry("title", "rent");
  }

  @Test
  void aPutSendingTheStoredValueBackGoesThroughAndOneLeavingItOutKeepsIt() throws Exception {
    Map<String, Object> read = alices();
    String path = "/receipts/" + read.get("id");

    HttpResponse<String> sameValue = send("PUT", path, "{\"title\":\"lease\",\"createdBy\":\"alice\"}");
    HttpResponse<String> leftOut = send("PUT", path, "{\"title\":\"loan\"}");

    assertThat(sameValue.statusCode()).as(sameValue.body()).isEqualTo(200);
    assertThat(leftOut.statusCode()).as(leftOut.body()).isEqualTo(200);
    assertThat(body(leftOut)).containsEntry("createdBy", "alice").containsEntry("title", "loan");
    assertThat(body(send("GET", path, null))).containsEntry("createdBy", "alice");
  }

  @Test
  void aBatchPatchReportsTheRecordThatWouldChangeIt() throws Exception {
    Object first = alices().get("id");
    Object second = alices().get("id");

    HttpResponse<String> response = send("PATCH", "/receipts", "[{\"id\":" + first + ",\"title\":\"a\"},"
        + "{\"id\":" + second + ",\"createdBy\":\"bob\"}]");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(records(response)).singleElement().satisfies(record -> assertThat(record)
        .containsEntry("index", 1).containsEntry("status", 400)
        .containsEntry("errors", Map.of("createdBy", List.of(CREATED_BY))));
    assertThat(body(send("GET", "/receipts/" + first, null))).containsEntry("title", "rent");
  }

  @Test
  void aBulkPatchByQueryCannotChangeIt() throws Exception {
    String path = "/receipts/" + alices().get("id");

    HttpResponse<String> response = send("PATCH", "/receipts?title=rent", "{\"createdBy\":\"bob\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(body(response)).containsEntry("errors", Map.of("createdBy", List.of(
        "cannot be changed after create: @Column(updatable = false); leave it out of the changes")));
    assertThat(body(send("GET", path, null))).containsEntry("createdBy", "alice");
  }

  @Test
  void aColumnTheInsertLeavesOutIsA400OnPostAndImportAndIsSetByPatch() throws Exception {
    HttpResponse<String> posted = send("POST", "/receipts", "{\"title\":\"x\",\"approvedBy\":\"carol\"}");
    HttpResponse<String> batch = send("POST", "/receipts", "[{\"title\":\"x\"},{\"title\":\"y\",\"approvedBy\":\"carol\"}]");
    HttpResponse<String> imported = send("POST", "/receipts/import", "text/csv", "title,approvedBy\r\nx,carol\r\n");

    String reason = "cannot be set on create: @Column(insertable = false); leave it out and set it with an update";
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(400);
    assertThat(body(posted)).containsEntry("errors", Map.of("approvedBy", List.of(reason)));
    assertThat(batch.statusCode()).as(batch.body()).isEqualTo(400);
    assertThat(records(batch)).singleElement().satisfies(record -> assertThat(record)
        .containsEntry("index", 1).containsEntry("errors", Map.of("approvedBy", List.of(reason))));
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(400);
    assertThat(body(imported)).containsEntry("errors", Map.of("approvedBy", List.of(reason))).containsEntry("message",
        "the CSV header names approvedBy, which an import cannot set: it creates records, and approvedBy cannot be set"
            + " on create: @Column(insertable = false); leave the column out and set it with an update");
    assertThat(database.count("Receipt")).isZero();

    String path = "/receipts/" + alices().get("id");
    HttpResponse<String> approved = send("PATCH", path, "{\"approvedBy\":\"carol\"}");
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    assertThat(body(send("GET", path, null))).containsEntry("approvedBy", "carol");
  }

  @Test
  void anImportSetsAColumnSetOnce() throws Exception {
    HttpResponse<String> imported = send("POST", "/receipts/import", "text/csv", "title,createdBy\r\nx,dave\r\n");

    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    assertThat(database.rows("Receipt")).extracting(row -> row.get("createdby")).containsExactly("dave");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> records(HttpResponse<String> response) throws Exception {
    return (List<Map<String, Object>>) body(response).get("records");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> body(HttpResponse<String> response) throws Exception {
    return (Map<String, Object>) JSON.readValue(response.body(), Map.class);
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    return send(method, path, "application/json", body);
  }

  private HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.uri().getPort() + path));
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", contentType);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
