package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scribe.controller.fixture.Alarm;
import dev.scribe.controller.fixture.Sample;
import dev.scribe.controller.fixture.SampleRepository;
import dev.scribe.core.Scribe;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Repository;
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
 * A time of day is written to its column through JDBC's {@code java.sql.Time}, which keeps milliseconds: finer
 * digits were rounded without a word, {@code 23:59:59.9999} stored as {@code 00:00:00} of the same day while the
 * answer showed the value as sent. They are now a 422 naming the field and the digits allowed.
 */
class TimePrecisionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestDatabase database;
  private static DataStore store;
  private static ScribeServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws SQLException {
    database = TestDatabase.create();
    database.open("timeprecision");
    store = database.store(Scribe.builder().build(), Sample.class, Alarm.class);
    SampleRepository samples = store.register(new SampleRepository());
    Repository<Alarm, Long> alarms = store.register(new Repository<Alarm, Long>() {});
    server = ScribeServer.start(RestApplication.builder(store).mount("samples", new Controller<>(samples))
        .mount("alarms", new Controller<>(alarms)).build(), 0);
  }

  @AfterAll
  static void stop() throws SQLException {
    server.close();
    store.close();
    database.close();
  }

  @Test
  void aTimeWithDigitsBelowTheMillisecondIsA422NamingTheFieldNotRounded() throws Exception {
    for (String time : new String[] {"23:59:59.9999", "10:15:30.0005", "10:15:30.123456789"}) {
      HttpResponse<String> refused = send("POST", "/samples", "{\"text\":\"t\",\"time\":\"" + time + "\"}");
      assertThat(refused.statusCode()).as(time).isEqualTo(422);
      assertThat(errors(refused)).as(time).containsOnlyKeys("time");
      assertThat(refused.body()).as(time).contains("must have at most 3 digits after the point of its seconds");
    }
    for (String time : new String[] {"10:15:30.5", "10:15:30.123", "10:15:30.120000", "23:59:59.999"}) {
      HttpResponse<String> created = send("POST", "/samples", "{\"text\":\"t\",\"time\":\"" + time + "\"}");
      assertThat(created.statusCode()).as(time).isEqualTo(201);
      Object id = JSON.readValue(created.body(), Map.class).get("id");
      String stored = String.valueOf(JSON.readValue(send("GET", "/samples/" + id, null).body(), Map.class).get("time"));
      assertThat(java.time.LocalTime.parse(stored)).as(time).isEqualTo(java.time.LocalTime.parse(time));
    }
  }

  @Test
  void fractionalSecondsOfTheAttributeBoundTheDigitsAllowed() throws Exception {
    HttpResponse<String> whole = send("POST", "/alarms", "{\"ring\":\"07:00:00.5\"}");
    assertThat(whole.statusCode()).isEqualTo(422);
    assertThat(whole.body()).contains("\"ring\":[\"must be a whole number of seconds (it has 1 digit after the point)")
        .contains("send 07:00");
    HttpResponse<String> tenth = send("POST", "/alarms", "{\"ring\":\"07:00:01\",\"snooze\":\"00:05:00.25\"}");
    assertThat(tenth.statusCode()).isEqualTo(422);
    assertThat(errors(tenth)).containsOnlyKeys("snooze");
    assertThat(tenth.body()).contains("must have at most 1 digit after the point of its seconds (it has 2)");
    assertThat(send("POST", "/alarms", "{\"ring\":\"07:00:01\",\"snooze\":\"00:05:00.2\"}").statusCode())
        .isEqualTo(201);
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
