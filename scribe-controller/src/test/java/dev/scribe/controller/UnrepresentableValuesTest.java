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
 * A value the attribute cannot hold as sent is refused naming the attribute, not stored as something else: a
 * number too close to zero for a double became 0.0 without a word.
 */
class UnrepresentableValuesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestDatabase database;
  private static DataStore store;
  private static ScribeServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws SQLException {
    database = TestDatabase.create();
    database.open("unrepresentable");
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
  void aDoubleTooCloseToZeroOrTooLargeIsA400NamingTheAttributeNotZeroOrInfinity() throws Exception {
    for (String number : new String[] {"2e-400", "-2e-400", "1e-330"}) {
      HttpResponse<String> refused = send("POST", "/samples", "{\"text\":\"tiny\",\"ratio\":" + number + "}");
      assertThat(refused.statusCode()).as(number).isEqualTo(400);
      assertThat(errors(refused)).as(number).containsOnlyKeys("ratio");
      assertThat(refused.body()).contains("too close to zero for a Double").contains("4.9E-324");
    }
    HttpResponse<String> huge = send("POST", "/samples", "{\"text\":\"huge\",\"ratio\":1e400}");
    assertThat(huge.statusCode()).isEqualTo(400);
    assertThat(errors(huge)).containsOnlyKeys("ratio");
    assertThat(huge.body()).contains("out of range");

    HttpResponse<String> kept = send("POST", "/samples", "{\"text\":\"small\",\"ratio\":1e-300}");
    assertThat(kept.statusCode()).isEqualTo(201);
    assertThat(JSON.readValue(kept.body(), Map.class).get("ratio")).isEqualTo(1e-300);
    assertThat(send("POST", "/samples", "{\"text\":\"zero\",\"ratio\":0e-400}").statusCode()).as("zero is zero")
        .isEqualTo(201);
  }

  @Test
  void aDoubleFilterValueThatIsNoDoubleIsA400NamingTheFilter() throws Exception {
    for (String value : new String[] {"2e-400", "1e400", "NaN", "Infinity", "1.5d"}) {
      HttpResponse<String> refused = send("GET", "/samples?ratio[gt]=" + value, null);
      assertThat(refused.statusCode()).as(value).isEqualTo(400);
      assertThat(refused.body()).as(value).contains("ratio");
    }
    assertThat(send("GET", "/samples?ratio[gt]=1e-300", null).statusCode()).isEqualTo(200);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> errors(HttpResponse<String> response) throws Exception {
    return (Map<String, Object>) JSON.readValue(response.body(), Map.class).get("errors");
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.uri().getPort() + path));
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
