package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Writes the database refuses — a unique e-mail taken, a required name missing, a name longer than its
 * column, a reference to a deleted member, a member still referenced — are answered 409 or 422 naming
 * the attribute (and, in a batch, the record), never 500, and leave the tables as they were.
 */
class ConstraintViolationTest {
  @RegisterExtension
  static final ConflictsApp app = new ConflictsApp();

  @Test
  void aTakenUniqueValueIs409NamingTheAttribute() {
    app.create("/members", "{\"email\":\"ada@example.org\",\"name\":\"Ada\"}");

    Reply reply = app.send("POST", "/members", "{\"email\":\"ada@example.org\",\"name\":\"Another Ada\"}");

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(reply.map()).containsEntry("message", "another member already has this email")
        .containsEntry("errors", Map.of("email", List.of("is already taken by another member")));
    assertThat(app.query("select name from c_members")).extracting(r -> r.get("name")).containsExactly("Ada");
  }

  /**
   * A unique attribute hidden from the caller and set by a handler: the conflict is reported without naming it,
   * on every route that writes (single, batch, import report), since its name is hidden there.
   */
  @Test
  void aConflictOnAFieldHiddenFromTheCallerDoesNotNameIt() {
    app.memberController.configure(dev.scribe.core.Config.of(Map.of("hiddenFields", List.of("email"))));
    app.on(app.members.events(), "preCreate", args -> args.params().put("email", args.params().get("name") + "@example.org"));
    app.create("/members", "{\"name\":\"Ann\"}");

    Reply single = app.send("POST", "/members", "{\"name\":\"Ann\"}");
    Reply batch = app.send("POST", "/members", "[{\"name\":\"Bo\"},{\"name\":\"Ann\"}]");
    Reply imported = app.send("POST", "/members/import?ignoreErrors=true", "{\"name\":\"Ann\"}\n{\"name\":\"Cy\"}\n",
        "Content-Type", "application/x-ndjson");

    assertThat(single.status()).isEqualTo(409);
    assertThat(single.map()).containsEntry("message", "another record already has this value of a unique attribute")
        .doesNotContainKey("errors");
    assertThat(batch.status()).isEqualTo(409);
    assertThat(records(batch)).containsExactly(Map.of("index", 1, "status", 409,
        "message", "another record already has this value of a unique attribute"));
    assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
    for (Reply reply : List.of(single, batch, imported)) {
      assertThat(reply.body()).doesNotContain("email");
    }
    assertThat(app.query("select name from c_members order by id")).extracting(r -> r.get("name"))
        .containsExactly("Ann", "Cy");
  }

  @Test
  void anUpdateToATakenUniqueValueIs409() {
    app.create("/members", "{\"email\":\"ada@example.org\",\"name\":\"Ada\"}");
    long grace = app.create("/members", "{\"email\":\"grace@example.org\",\"name\":\"Grace\"}");

    Reply reply = app.send("PATCH", "/members/" + grace, "{\"email\":\"ada@example.org\"}");

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.map()).containsEntry("errors", Map.of("email", List.of("is already taken by another member")));
    assertThat(app.query("select email from c_members where id = " + grace)).extracting(r -> r.get("email"))
        .containsExactly("grace@example.org");
  }

  @Test
  void aBatchNamesTheRecordWhoseUniqueValueIsTaken() {
    app.create("/members", "{\"email\":\"ada@example.org\",\"name\":\"Ada\"}");

    Reply reply = app.send("POST", "/members", "[{\"email\":\"b@example.org\",\"name\":\"B\"},"
        + "{\"email\":\"c@example.org\",\"name\":\"C\"},{\"email\":\"ada@example.org\",\"name\":\"Ada 2\"},"
        + "{\"email\":\"d@example.org\",\"name\":\"D\"}]");

    assertThat(reply.status()).isEqualTo(409);
    assertThat(records(reply)).containsExactly(Map.of("index", 2, "status", 409,
        "message", "another member already has this email",
        "errors", Map.of("email", List.of("is already taken by another member"))));
    assertThat(app.query("select name from c_members")).extracting(r -> r.get("name")).containsExactly("Ada");
  }

  @Test
  void aBatchWithIgnoreErrorsKeepsTheOtherRecordsAndReportsTheOneWhoseUniqueValueIsTaken() {
    app.create("/members", "{\"email\":\"ada@example.org\",\"name\":\"Ada\"}");

    Reply reply = app.send("POST", "/members?ignoreErrors=true", "[{\"email\":\"b@example.org\",\"name\":\"B\"},"
        + "{\"email\":\"c@example.org\",\"name\":\"C\"},{\"email\":\"ada@example.org\",\"name\":\"Ada 2\"},"
        + "{\"email\":\"d@example.org\",\"name\":\"D\"}]");

    assertThat(reply.status()).isEqualTo(201);
    assertThat(records(reply)).containsExactly(Map.of("index", 2, "status", 409,
        "message", "another member already has this email",
        "errors", Map.of("email", List.of("is already taken by another member"))));
    assertThat(app.query("select name from c_members")).extracting(r -> r.get("name"))
        .containsExactlyInAnyOrder("Ada", "B", "C", "D");
  }

  @Test
  void aRepeatedIdStaysRefusedWhenTheRecordThatNamedItFirstIsLeftOutForItsUniqueValue() {
    long ada = app.create("/members", "{\"email\":\"ada@example.org\",\"name\":\"Ada\"}");
    long bo = app.create("/members", "{\"email\":\"bo@example.org\",\"name\":\"Bo\"}");

    Reply reply = app.send("PATCH", "/members?ignoreErrors=true", "[{\"id\":" + bo + ",\"email\":\"ada@example.org\"},"
        + "{\"id\":" + bo + ",\"name\":\"Bo the second\"},{\"id\":" + ada + ",\"name\":\"Ada Lovelace\"}]");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(records(reply)).containsExactly(
        Map.of("index", 0, "status", 409, "message", "another member already has this email",
            "errors", Map.of("email", List.of("is already taken by another member"))),
        Map.of("index", 1, "status", 400, "message", "record 1 of the update batch repeats the id " + bo
            + " of record 0; name each member once", "errors", Map.of("id", List.of("repeats record 0"))));
    assertThat(app.query("select name, email from c_members order by id")).extracting(r -> r.get("name"))
        .containsExactly("Ada Lovelace", "Bo");
  }

  @Test
  void twoRecordsOfOneBatchWithTheSameUniqueValueNameTheSecond() {
    Reply reply = app.send("POST", "/members", "[{\"email\":\"twin@example.org\",\"name\":\"One\"},"
        + "{\"email\":\"other@example.org\",\"name\":\"Other\"},{\"email\":\"twin@example.org\",\"name\":\"Two\"}]");

    assertThat(reply.status()).isEqualTo(409);
    assertThat(records(reply)).extracting(r -> r.get("index")).containsExactly(2);
    assertThat(app.query("select id from c_members")).isEmpty();
  }

  @Test
  void aMissingRequiredValueIs422NamingTheAttribute() {
    Reply reply = app.send("POST", "/members", "{\"email\":\"nameless@example.org\"}");

    assertThat(reply.status()).isEqualTo(422);
    assertThat(reply.map()).containsEntry("message", "name is required")
        .containsEntry("errors", Map.of("name", List.of("is required")));
    assertThat(app.query("select id from c_members")).isEmpty();
  }

  @Test
  void aMissingRequiredValueInABatchNamesTheRecord() {
    Reply reply = app.send("POST", "/members", "[{\"email\":\"a@example.org\",\"name\":\"A\"},{\"email\":\"b@example.org\"}]");

    assertThat(reply.status()).isEqualTo(422);
    assertThat(records(reply)).containsExactly(Map.of("index", 1, "status", 422, "message", "name is required",
        "errors", Map.of("name", List.of("is required"))));
    assertThat(app.query("select id from c_members")).isEmpty();
  }

  @Test
  void aValueLongerThanItsColumnIs422NamingTheAttribute() {
    Reply reply = app.send("POST", "/members", "{\"email\":\"long@example.org\",\"name\":\"" + "x".repeat(21) + "\"}");

    assertThat(reply.status()).isEqualTo(422);
    assertThat(reply.map().get("errors")).isInstanceOf(Map.class);
    assertThat(List.copyOf(((Map<?, ?>) reply.map().get("errors")).keySet())).isEqualTo(List.of("name"));
    assertThat(app.query("select id from c_members")).isEmpty();
  }

  @Test
  void aValueLongerThanItsColumnInABatchNamesTheRecord() {
    Reply reply = app.send("POST", "/members", "[{\"email\":\"a@example.org\",\"name\":\"A\"},"
        + "{\"email\":\"b@example.org\",\"name\":\"" + "y".repeat(30) + "\"}]");

    assertThat(reply.status()).isEqualTo(422);
    assertThat(records(reply)).hasSize(1).allSatisfy(record -> {
      assertThat(record).containsEntry("index", 1);
      assertThat(List.copyOf(((Map<?, ?>) record.get("errors")).keySet())).isEqualTo(List.of("name"));
    });
    assertThat(app.query("select id from c_members")).isEmpty();
  }

  @Test
  void deletingAReferencedRecordIs409NamingTheReference() {
    long ada = app.create("/members", "{\"email\":\"ada@example.org\",\"name\":\"Ada\"}");
    app.create("/memberships", "{\"club\":\"chess\",\"member\":" + ada + "}");

    Reply reply = app.send("DELETE", "/members/" + ada, null);

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(reply.map()).containsEntry("message",
        "the member is still referenced by membership records (their member); delete or change those first");
    assertThat(app.query("select id from c_members")).hasSize(1);
  }

  @Test
  void aReferenceToARecordThatIsGoneIs422NamingTheAttribute() {
    long ada = app.create("/members", "{\"email\":\"ada@example.org\",\"name\":\"Ada\"}");
    // The member is found when the params are bound, then removed behind the unit of work's back before the insert.
    app.on(app.memberships.events(), "verifyCreate", args -> app.execute("delete from c_members where id = " + ada));

    Reply reply = app.send("POST", "/memberships", "{\"club\":\"chess\",\"member\":" + ada + "}");

    assertThat(reply.status()).as(reply.body()).isEqualTo(422);
    assertThat(reply.map()).containsEntry("message", "member refers to a member that does not exist")
        .containsEntry("errors", Map.of("member", List.of("refers to a member that does not exist")));
    assertThat(app.query("select id from c_memberships")).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> records(Reply reply) {
    return (List<Map<String, Object>>) reply.map().get("records");
  }
}
