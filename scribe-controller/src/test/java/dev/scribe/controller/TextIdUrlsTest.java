package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.controller.labels.Label;
import dev.scribe.controller.labels.LabelRepository;
import dev.scribe.core.Config;
import dev.scribe.core.ConfigurationException;
import dev.scribe.core.Scribe;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.testing.TestDatabase;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The URLs the server writes for records whose ids are text — {@code Location} after a store, a next URL with
 * {@code [id]}, an upload's {@code Location} — over real HTTP: the id is one path segment, percent-encoded.
 */
class TextIdUrlsTest {
  private static TestDatabase database;
  private static DataStore store;
  private static Controller<Label, String> labels;
  private static ScribeServer server;

  @BeforeAll
  static void start() throws SQLException {
    database = TestDatabase.create();
    database.open("textids");
    store = database.store(Scribe.builder().build(), Label.class);
    LabelRepository repository = store.register(new LabelRepository());
    labels = new Controller<>(repository);
    labels.attachments(AttachmentStore.database());
    server = ScribeServer.start(RestApplication.builder(store).mount("labels", labels).build(), 0);
  }

  @AfterAll
  static void stop() throws SQLException {
    server.close();
    store.close();
    database.close();
  }

  @BeforeEach
  void empty() {
    labels.configure(Config.empty());
    store.inTransaction(() -> store.currentUnitOfWork().orElseThrow().entityManager().createQuery("delete from Label")
        .executeUpdate());
  }

  @Test
  void theLocationOfANewRecordEncodesItsIdAsOneSegment() throws IOException {
    assertThat(post("/labels", "{\"name\":\"a b\"}").header("Location")).isEqualTo("/labels/a%20b");
    assertThat(post("/labels", "{\"name\":\"a?b#c\"}").header("Location")).isEqualTo("/labels/a%3Fb%23c");
    assertThat(post("/labels", "{\"name\":\"a/b\"}").header("Location")).isEqualTo("/labels/a%2Fb");
    assertThat(post("/labels", "{\"name\":\"a+b\"}").header("Location")).isEqualTo("/labels/a%2Bb");
    assertThat(post("/labels", "{\"name\":\"caf\u00e9\"}").header("Location")).isEqualTo("/labels/caf%C3%A9");
    RawHttp.Response crlf = post("/labels", "{\"name\":\"x\\r\\nSet-Cookie: y=1\"}");
    assertThat(crlf.header("Location")).isEqualTo("/labels/x%0D%0ASet-Cookie%3A%20y%3D1");
    assertThat(crlf.header("Set-Cookie")).isNull();

    // and the URL it gives is the record's
    RawHttp.Response shown = get("/labels/a%20b");
    assertThat(shown.status()).isEqualTo(200);
    assertThat(shown.body()).contains("\"code\":\"a b\"");
  }

  @Test
  void aNextUrlEncodesASpaceInTheIdAsPercent20NotAsAPlus() throws IOException {
    labels.configure(Config.of(Map.of("createNext", "/labels/[id]/next")));

    RawHttp.Response created = post("/labels", "{\"name\":\"a b\"}");

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Location")).isEqualTo("/labels/a%20b/next");
    assertThat(created.header("Content-Location")).isEqualTo("/labels/a%20b");
  }

  @Test
  void anUploadsLocationEncodesTheRecordsIdAndTheFileName() throws IOException {
    post("/labels", "{\"name\":\"a b\"}");

    RawHttp.Response uploaded = RawHttp.exchange(server.uri().getPort(), "PUT /labels/a%20b/files/my%20notes.txt HTTP/1.1\r\n"
        + "Host: localhost\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi");

    assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
    assertThat(uploaded.header("Location")).isEqualTo("/labels/a%20b/files/my%20notes.txt");
    assertThat(get(uploaded.header("Location")).body()).isEqualTo("hi");
  }

  @Test
  void aTemplateStartingWithTwoSlashesIsAConfigurationError() {
    // a client reads //host/path as a URL of another host
    assertThatThrownBy(() -> labels.configure(Config.of(Map.of("createNext", "//example.org/labels/[id]"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("option 'createNext'")
        .hasMessageContaining("which a client reads as a URL of another host; start it with a single '/'");
    assertThatThrownBy(() -> labels.configure(Config.of(Map.of("updateNext", "/\\example.org/[id]"))))
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void aLongTextIdIsCutInTheNotFoundAnswer() throws IOException {
    RawHttp.Response missing = get("/labels/" + "z".repeat(5000));

    // before, the 404 echoed all 5,000 characters
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.problem().get("detail")).isEqualTo("label " + "z".repeat(60) + "... (5000 characters) not found");
  }

  private static RawHttp.Response get(String path) throws IOException {
    return RawHttp.exchange(server.uri().getPort(), "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  }

  private static RawHttp.Response post(String path, String body) throws IOException {
    byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return RawHttp.exchange(server.uri().getPort(), "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n"
        + new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
  }
}
