package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scribe.controller.fixture.Sample;
import dev.scribe.controller.fixture.SampleRepository;
import dev.scribe.core.Scribe;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.testing.TestDatabase;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Export then import gives back the same records: every basic attribute type, unicode, quotes, separators,
 * line breaks and formula-looking text (exported behind an apostrophe, imported as it was), as CSV and NDJSON.
 */
class ImportRoundTripTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> TEXTS = List.of("Ünïcødé \"quoted\", comma; semi\nnew line\r\nand CRLF",
      "=cmd|' /C calc'!A0", "'already quoted", "+1", "-2", "@SUM(A1)", "\tTab", "   spaces kept   ", "日本語 🎉");
  private static final String FIELDS = "text,flag,active,small,big,ratio,amount,day,time,local,at,token,status";

  private static TestDatabase database;
  private static DataStore store;
  private static ScribeServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws SQLException {
    database = TestDatabase.create();
    database.open("roundtrip");
    store = database.store(Scribe.builder().build(), Sample.class);
    SampleRepository samples = store.register(new SampleRepository());
    server = ScribeServer.start(RestApplication.builder(store).mount("samples", new Controller<>(samples)).build(), 0);
  }

  @AfterAll
  static void stop() throws SQLException {
    server.close();
    store.close();
    database.close();
  }

  @BeforeEach
  void empty() {
    deleteAll();
  }

  @Test
  void csvExportImportsBackToTheSameRecords() throws Exception {
    createSamples();
    String exported = send("GET", "/samples.csv?sort=id&fields=" + FIELDS, null, null).body();
    assertThat(exported).contains("'=cmd|' /C calc'!A0", "''already quoted", "'\tTab");
    deleteAll();

    HttpResponse<String> imported = send("POST", "/samples/import", "text/csv", exported);

    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    assertThat(JSON.readValue(imported.body(), Map.class)).containsEntry("imported", TEXTS.size() + 1);
    assertThat(send("GET", "/samples.csv?sort=id&fields=" + FIELDS, null, null).body()).isEqualTo(exported);
    assertThat(texts()).containsExactlyElementsOf(withNull(TEXTS));
  }

  @Test
  void ndjsonExportImportsBackToTheSameRecords() throws Exception {
    createSamples();
    String exported = send("GET", "/samples.ndjson?sort=id&fields=" + FIELDS, null, null).body();
    deleteAll();

    HttpResponse<String> imported = send("POST", "/samples/import", "application/x-ndjson", exported);

    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    assertThat(send("GET", "/samples.ndjson?sort=id&fields=" + FIELDS, null, null).body()).isEqualTo(exported);
    assertThat(texts()).containsExactlyElementsOf(withNull(TEXTS));
  }

  @Test
  void anEmptyTextStaysEmptyAndANullStaysNullThroughCsvInAnyColumn() throws Exception {
    // before, "" was exported as an empty field, like null, and imported back as null
    List<Map<String, Object>> records = new ArrayList<>();
    records.add(new LinkedHashMap<>(Map.of("text", "", "active", true)));
    records.add(new LinkedHashMap<>(Map.of("active", false)));
    HttpResponse<String> created = send("POST", "/samples", "application/json", JSON.writeValueAsString(records));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String exported = send("GET", "/samples.csv?sort=id&fields=text,active", null, null).body();
    String withId = send("GET", "/samples.csv?sort=id&fields=id,text", null, null).body();
    assertThat(exported).isEqualTo("text,active\r\n\"\",true\r\n,false\r\n");
    assertThat(withId).matches("id,text\r\n\\d+,\"\"\r\n\\d+,\r\n");

    // the columns of an export follow the attributes' order: text after another column, written by hand
    for (String file : List.of(exported, "active,text\r\ntrue,\"\"\r\nfalse,\r\n")) {
      deleteAll();
      HttpResponse<String> imported = send("POST", "/samples/import", "text/csv", file);

      assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
      assertThat(texts()).as(file).containsExactly("", null);
    }
  }

  @Test
  void aQuotedEmptyCellOfAnAttributeThatIsNotTextIsNull() throws Exception {
    // what a writer that quotes every cell (Python's QUOTE_ALL) sends for None
    HttpResponse<String> imported = send("POST", "/samples/import", "text/csv",
        "\"text\",\"active\",\"small\",\"day\"\r\n\"\",\"true\",\"\",\"\"\r\n");

    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    Map<String, Object> row = database.rows("import_samples").get(0);
    assertThat(row.get("text_value")).isEqualTo("");
    assertThat(row.get("small_value")).isNull();
  }

  @Test
  void aFormulaLookingCellWithoutTheApostropheIsImportedAsPlainText() throws Exception {
    HttpResponse<String> imported = send("POST", "/samples/import", "text/csv",
        "text,active\r\n=HYPERLINK(\"http://x\"),true\r\n");

    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    assertThat(texts()).containsExactly("=HYPERLINK(\"http://x\")");
  }

  private void createSamples() throws IOException, InterruptedException {
    List<Map<String, Object>> records = new ArrayList<>();
    for (int i = 0; i < TEXTS.size(); i++) {
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("text", TEXTS.get(i));
      record.put("flag", i % 2 == 0);
      record.put("active", i % 3 == 0);
      record.put("small", -i);
      record.put("big", 9_000_000_000L + i);
      record.put("ratio", 0.25 + i);
      record.put("amount", new java.math.BigDecimal("-12.50").add(java.math.BigDecimal.valueOf(i)));
      record.put("day", "2030-01-" + (10 + i));
      record.put("time", "10:15:3" + i);
      record.put("local", "2030-02-03T04:05:0" + i);
      record.put("at", "2030-03-04T05:06:0" + i + "Z");
      record.put("token", "123e4567-e89b-12d3-a456-42661417400" + i);
      record.put("status", i % 2 == 0 ? "OPEN" : "DONE");
      records.add(record);
    }
    records.add(new LinkedHashMap<>(Map.of("active", false)));
    HttpResponse<String> created = send("POST", "/samples", "application/json", JSON.writeValueAsString(records));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  private static List<String> withNull(List<String> texts) {
    List<String> all = new ArrayList<>(texts);
    all.add(null);
    return all;
  }

  private static List<String> texts() {
    List<String> texts = new ArrayList<>();
    for (Map<String, Object> row : database.rows("import_samples")) {
      texts.add((String) row.get("text_value"));
    }
    return texts;
  }

  private static void deleteAll() {
    try (java.sql.Connection connection = database.connection(); java.sql.Statement statement = connection.createStatement()) {
      statement.execute("delete from import_samples");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> send(String method, String path, String contentType, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.uri().resolve(path));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
