package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.controller.profiles.Profile;
import dev.scribe.controller.profiles.ProfileRepository;
import dev.scribe.core.Config;
import dev.scribe.core.Scribe;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Attributes of JSON type over real HTTP: the objects a map or list attribute holds are its value, not records,
 * so they do not count towards {@code maxBatchSize} as the nested records of an association do.
 */
class JsonAttributesTest {
  private static final String FIVE_OBJECTS = "[{\"k\":1},{\"k\":2},{\"k\":3},{\"k\":4},{\"k\":{\"deeper\":{}}}]";

  private static TestDatabase database;
  private static DataStore store;
  private static ProfileRepository repository;
  private static Controller<Profile, Long> profiles;
  private static ScribeServer server;

  @BeforeAll
  static void start() throws SQLException {
    database = TestDatabase.create();
    database.open("jsonattrs");
    store = database.store(Scribe.builder().build(), Profile.class);
    repository = store.register(new ProfileRepository());
    profiles = new Controller<>(repository);
    server = ScribeServer.start(RestApplication.builder(store).mount("profiles", profiles).build(), 0);
  }

  @AfterAll
  static void stop() throws SQLException {
    server.close();
    store.close();
    database.close();
  }

  @BeforeEach
  void empty() {
    profiles.configure(Config.of(Map.of("maxBatchSize", 3)));
    store.inTransaction(() -> store.currentUnitOfWork().orElseThrow().entityManager()
        .createQuery("delete from Profile").executeUpdate());
  }

  @Test
  void objectsInsideAJsonMapAttributeAreNotCountedAsNestedRecords() throws IOException {
    RawHttp.Response created = send("POST", "/profiles", "{\"name\":\"p\",\"settings\":{\"a\":{},\"b\":{},\"c\":{},"
        + "\"d\":{\"e\":{}},\"list\":" + FIVE_OBJECTS + "}}");

    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    RawHttp.Response shown = send("GET", created.header("Location"), null);
    assertThat(shown.body()).contains("\"d\":{\"e\":{}}").contains("{\"k\":{\"deeper\":{}}}");
  }

  @Test
  void objectsInsideAJsonListAttributeAreNotCountedAsNestedRecords() throws IOException {
    RawHttp.Response created = send("POST", "/profiles", "{\"name\":\"p\",\"widgets\":" + FIVE_OBJECTS + "}");

    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    RawHttp.Response updated = send("PATCH", created.header("Location"), "{\"widgets\":" + FIVE_OBJECTS + ",\"settings\":"
        + "{\"x\":" + FIVE_OBJECTS + "}}");
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    RawHttp.Response batch = send("POST", "/profiles", "[{\"widgets\":" + FIVE_OBJECTS + "},{\"widgets\":"
        + FIVE_OBJECTS + "},{\"settings\":{\"x\":" + FIVE_OBJECTS + "}}]");
    assertThat(batch.status()).as(batch.toString()).isEqualTo(201);
  }

  @Test
  void theRecordsOfABatchStillCountTowardsTheCap() throws IOException {
    RawHttp.Response refused = send("POST", "/profiles", "[{},{},{},{}]");

    assertThat(refused.status()).isEqualTo(413);
    assertThat(refused.problem().get("detail")).isEqualTo("profiles.store takes at most 3 records in one batch, and the"
        + " body has 4; send them in batches of at most 3");
  }

  @Test
  void aNumberInAJsonAttributeOfMoreThanAThousandDigitsEitherSideOfThePointIs422NamingTheAttribute() throws IOException {
    // PostgreSQL keeps a JSON number as a numeric: more than 131,072 digits before the point or 16,383 after it was
    // "value overflows numeric format", a 500, where H2 stored the text as it came
    for (String number : java.util.List.of("1e400000", "-1e-400000", "1e131072", "1e-16384", "1e1001", "1e-1001")) {
      for (String field : java.util.List.of("settings", "widgets")) {
        String body = "{\"name\":\"p\",\"" + field + "\":" + (field.equals("settings") ? "{\"a\":[" + number + "]}"
            : "[{\"a\":" + number + "}]") + "}";
        RawHttp.Response refused = send("POST", "/profiles", body);

        assertThat(refused.status()).as(body + ": " + refused).isEqualTo(422);
        assertThat(refused.problem().get("errors")).as(body).isEqualTo(Map.of(field, java.util.List.of("holds the number "
            + new java.math.BigDecimal(number) + ", which has more digits than a JSON value may: at most 1000 before"
            + " the decimal point and 1000 after it")));
      }
    }
    assertThat(countProfiles()).isZero();
    RawHttp.Response kept = send("POST", "/profiles", "{\"name\":\"p\",\"settings\":{\"a\":1e999,\"b\":1e-1000}}");
    assertThat(kept.status()).as(kept.toString()).isEqualTo(201);
  }

  @Test
  void aNulCharacterInATextOrKeyOfAJsonAttributeSetInProcessIsA422NamingTheAttribute() {
    // a body cannot hold one (its JSON is refused), but a handler or a caller in process can: PostgreSQL's jsonb
    // refuses \u0000 even escaped ("unsupported Unicode escape sequence"), a failure from the database, where H2
    // stored it
    for (Map<String, Object> params : java.util.List.<Map<String, Object>>of(
        Map.of("name", "p", "settings", Map.of("a", java.util.List.of("x\u0000y"))),
        Map.of("name", "p", "settings", Map.of("a\u0000", 1)),
        Map.of("name", "p", "widgets", java.util.List.of(Map.of("k", "\u0000"))))) {
      String field = params.containsKey("settings") ? "settings" : "widgets";

      org.assertj.core.api.Assertions.assertThatThrownBy(() -> repository.create(params)).as(params.toString())
          .isInstanceOfSatisfying(dev.scribe.core.Veto.class, veto -> {
            assertThat(veto.status()).isEqualTo(422);
            assertThat(veto.fieldErrors()).isEqualTo(Map.of(field, java.util.List.of(
                "holds a text with the NUL character (\\u0000), which JSON columns cannot store")));
          });
    }
    assertThat(countProfiles()).isZero();
  }

  private static long countProfiles() {
    return store.inTransaction(() -> (Long) store.currentUnitOfWork().orElseThrow().entityManager()
        .createQuery("select count(p) from Profile p").getSingleResult());
  }

  private static RawHttp.Response send(String method, String path, String body) throws IOException {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    return RawHttp.exchange(server.uri().getPort(), method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n"
        + "Connection: close\r\n" + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: "
        + bytes.length + "\r\n") + "\r\n" + new String(bytes, StandardCharsets.ISO_8859_1));
  }
}
