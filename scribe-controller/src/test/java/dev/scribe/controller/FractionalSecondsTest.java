package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scribe.controller.fixture.Sample;
import dev.scribe.controller.fixture.SampleRepository;
import dev.scribe.core.Scribe;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Date-times with more fractional digits than the database keeps (microseconds) are stored cut to the
 * microsecond, and the answer shows what was stored: the database rounded them, so the last nanoseconds of a
 * year became the next year, and those of 9999 the year 10000.
 */
class FractionalSecondsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestDatabase database;
  private static DataStore store;
  private static ScribeServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws SQLException {
    database = TestDatabase.create();
    database.open("fractions");
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

  @Test
  void nanosecondsAreCutToTheMicrosecondTheDatabaseKeepsNotRoundedIntoTheNextYear() throws Exception {
    Map<String, Object> created = send("POST", "/samples", "{\"text\":\"last\","
        + "\"local\":\"9999-12-31T23:59:59.999999999\",\"at\":\"9999-12-31T23:59:59.9999995Z\"}");

    Map<String, Object> stored = Map.of("local", "9999-12-31T23:59:59.999999", "at", "9999-12-31T23:59:59.999999Z");
    assertThat(created).containsAllEntriesOf(stored);
    assertThat(send("GET", "/samples/" + created.get("id"), null)).containsAllEntriesOf(stored);
    String path = "/samples/" + created.get("id");
    assertThat(send("PATCH", path, "{\"at\":\"2026-12-31T23:59:59.9999999Z\"}"))
        .containsEntry("at", "2026-12-31T23:59:59.999999Z");
    assertThat(send("GET", path, null)).containsEntry("at", "2026-12-31T23:59:59.999999Z");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.uri().getPort() + path));
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isLessThan(300);
    return (Map<String, Object>) JSON.readValue(response.body(), Map.class);
  }
}
