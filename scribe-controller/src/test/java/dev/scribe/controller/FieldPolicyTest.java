package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.core.Config;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Field write policies per role over HTTP: a field a caller's roles may not write is a 403 naming it, nothing written. */
class FieldPolicyTest {
  @RegisterExtension
  static final SecuredApp http = new SecuredApp();

  private static void reviewNotesForAdminsOnly() {
    http.docController.configure(Config.of(Map.of(FieldPolicy.WRITE_ROLES, Map.of("reviewNote", "admin", "priority",
        List.of("admin", "editor")))).override("admin.**", Map.of(Access.REQUIRES_ROLE, "admin")));
  }

  @Test
  void aFieldTheCallerMayNotWriteIsRefusedWith403NamingIt() {
    reviewNotesForAdminsOnly();

    Reply refused = http.post("/docs", "{\"title\": \"Mine\", \"reviewNote\": \"looks good\", \"priority\": 1}", http.ownerToken);

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.map()).containsEntry("errors", Map.of("reviewNote", List.of("needs the role admin"),
        "priority", List.of("needs the role one of [admin, editor]")));
    assertThat(refused.map().get("message")).asString().contains("owner may not set reviewNote, priority on docs.store");
    assertThat(http.rows("sec_docs")).isZero();
    assertThat(http.post("/docs", "{\"title\": \"Mine\"}", http.ownerToken).status()).isEqualTo(201);
  }

  /**
   * A field the caller may neither read nor write is, for them, a field that does not exist: a 403 naming it
   * would tell that it is there. Refused as a hidden field that may not be set is, in an unknown field's words.
   */
  @Test
  void aFieldTheCallerMayNeitherReadNorWriteIsRefusedLikeAFieldThatDoesNotExist() {
    long doc = http.createDoc("Owned", http.ownerToken);
    http.docController.configure(Config.of(Map.of(FieldPolicy.WRITE_ROLES, Map.of("reviewNote", "admin"),
        FieldPolicy.READ_ROLES, Map.of("reviewNote", "admin"))));

    for (String[] request : new String[][] {
        {"PATCH", "/docs/" + doc, "{\"FIELD\": \"x\"}"},
        {"POST", "/docs", "{\"title\": \"a\", \"FIELD\": \"x\"}"},
        {"POST", "/docs", "[{\"title\": \"a\"}, {\"title\": \"b\", \"FIELD\": \"x\"}]"},
        {"PATCH", "/docs", "[{\"id\": " + doc + ", \"FIELD\": \"x\"}]"},
        {"PATCH", "/docs?all=true", "{\"FIELD\": \"x\"}"}}) {
      Reply hidden = http.send(request[0], request[1], request[2].replace("FIELD", "reviewNote"), http.ownerToken);
      Reply unknown = http.send(request[0], request[1], request[2].replace("FIELD", "ownerId"), http.ownerToken);
      http.docController.configure(Config.of(Map.of(FieldPolicy.WRITE_ROLES, Map.of("reviewNote", "admin"),
          FieldPolicy.READ_ROLES, Map.of("reviewNote", "admin"), "hiddenFields", List.of("ownerId"))));
      Reply hiddenGuarded = http.send(request[0], request[1], request[2].replace("FIELD", "ownerId"), http.ownerToken);
      http.docController.configure(Config.of(Map.of(FieldPolicy.WRITE_ROLES, Map.of("reviewNote", "admin"),
          FieldPolicy.READ_ROLES, Map.of("reviewNote", "admin"))));

      assertThat(hidden.status()).as(request[0] + " " + request[1] + ": " + hidden).isEqualTo(hiddenGuarded.status());
      assertThat(hidden.body().replace("reviewNote", "ownerId")).as(request[0] + " " + request[1])
          .isEqualTo(hiddenGuarded.body());
      assertThat(hidden.body()).doesNotContain("role");
      assertThat(unknown.status()).isEqualTo(400);
    }
    assertThat(http.get("/docs/" + doc, http.adminToken).map()).containsEntry("reviewNote", "note of Owned");
    assertThat(http.rows("sec_docs")).isEqualTo(1);
    assertThat(http.send("PATCH", "/docs/" + doc, "{\"reviewNote\": \"x\"}", http.adminToken).status()).isEqualTo(200);
  }

  @Test
  void everyVerbSingleAndBatchIsChecked() {
    long doc = http.createDoc("Owned", http.ownerToken);
    reviewNotesForAdminsOnly();

    assertThat(http.send("PATCH", "/docs/" + doc, "{\"reviewNote\": \"x\"}", http.ownerToken).status()).isEqualTo(403);
    assertThat(http.send("PUT", "/docs/" + doc, "{\"title\": \"t\", \"reviewNote\": \"x\"}", http.ownerToken).status()).isEqualTo(403);
    assertThat(http.send("PATCH", "/docs", "[{\"id\": " + doc + ", \"reviewNote\": \"x\"}]", http.ownerToken).status()).isEqualTo(403);
    assertThat(http.post("/docs", "[{\"title\": \"a\"}, {\"title\": \"b\", \"reviewNote\": \"x\"}]", http.ownerToken).status()).isEqualTo(403);
    assertThat(http.post("/docs", "{\"title\": \"anonymous\", \"reviewNote\": \"x\"}", null).status()).isEqualTo(403);
    assertThat(http.get("/docs/" + doc, http.ownerToken).map()).containsEntry("reviewNote", "note of Owned");
    assertThat(http.rows("sec_docs")).isEqualTo(1);
  }

  @Test
  void aPutByACallerWhoMayNotWriteAFieldLeavesItAsItIs() {
    long doc = http.createDoc("Owned", http.ownerToken);
    reviewNotesForAdminsOnly();
    assertThat(http.send("PATCH", "/docs/" + doc, "{\"reviewNote\": \"approved\", \"priority\": 2}", http.adminToken)
        .status()).isEqualTo(200);

    Reply replaced = http.send("PUT", "/docs/" + doc, "{\"title\": \"Renamed\"}", http.ownerToken);

    // the PUT resets what its body leaves out, but not what this caller could not have sent
    assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
    assertThat(http.get("/docs/" + doc, http.adminToken).map()).containsEntry("title", "Renamed")
        .containsEntry("reviewNote", "approved").containsEntry("priority", 2);
    Reply byAdmin = http.send("PUT", "/docs/" + doc, "{\"title\": \"Again\"}", http.adminToken);
    assertThat(byAdmin.status()).isEqualTo(200);
    assertThat(http.get("/docs/" + doc, http.adminToken).map()).containsEntry("reviewNote", null)
        .containsEntry("priority", null);
  }

  @Test
  void aCallerWithTheRoleWritesTheField() {
    long doc = http.createDoc("Owned", http.ownerToken);
    reviewNotesForAdminsOnly();

    Reply patched = http.send("PATCH", "/docs/" + doc, "{\"reviewNote\": \"approved\", \"priority\": 2}", http.adminToken);

    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.map()).containsEntry("reviewNote", "approved").containsEntry("priority", 2);
  }

  @Test
  void handlersMayStillSetAPolicedField() {
    reviewNotesForAdminsOnly();
    http.on(http.docController.events(), "onPreStore", args -> args.params().put("reviewNote", "set by the server"));

    Reply created = http.post("/docs", "{\"title\": \"Mine\"}", http.ownerToken);

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.map()).containsEntry("reviewNote", "set by the server");
  }
}
