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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CSV files as spreadsheets and scripts write them, imported over HTTP: integral numbers written as decimals,
 * refusals that say what a cell may hold, empty cells, separators and headers.
 */
class SpreadsheetImportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static TestDatabase database;
  private static DataStore store;
  private static ScribeServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws SQLException {
    database = TestDatabase.create();
    database.open("spreadsheets");
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
    try (java.sql.Connection connection = database.connection(); java.sql.Statement statement = connection.createStatement()) {
      statement.execute("delete from import_samples");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void anIntegralDecimalIsAnIntegerAndAFractionIsRefusedSayingAnIntegerIsExpected() throws Exception {
    // a spreadsheet writes the integer 1 of a cell formatted with decimals as 1.0 or 1.00
    HttpResponse<String> imported = importCsv("text,small,big\r\nx,1.0,2.00\r\ny,-3.,4\r\n");

    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    assertThat(column("small_value")).containsExactly(1, -3);
    assertThat(column("big_value")).containsExactly(2L, 4L);

    HttpResponse<String> fraction = importCsv("text,small\r\nz,1.5\r\n");

    assertThat(fraction.statusCode()).as(fraction.body()).isEqualTo(400);
    assertThat(report(fraction)).containsExactly(Map.of("row", 2, "field", "small",
        "message", "'1.5' is not an integer; expected an integer between -2147483648 and 2147483647"));
  }

  private HttpResponse<String> importCsv(String csv) throws IOException, InterruptedException {
    return send("POST", "/samples/import", "text/csv", csv);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> report(HttpResponse<String> reply) throws IOException {
    return (List<Map<String, Object>>) JSON.readValue(reply.body(), Map.class).get("report");
  }

  private static List<Object> column(String name) {
    return database.rows("import_samples").stream().map(row -> row.get(name)).toList();
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
