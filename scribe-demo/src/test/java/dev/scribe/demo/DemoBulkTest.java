package dev.scribe.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.testing.TestResponse;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo's custom action, export, bulk writes and attachments, end to end over HTTP. */
class DemoBulkTest {
  private static DemoApplication demo;
  private static DemoClient client;
  private static DemoClient admin;

  @BeforeAll
  static void start() {
    demo = DemoApplication.create(DemoOptions.parse(List.of("--port", "0", "--db", "mem", "--admin-password", "admin password 1")));
    URI uri = demo.serve();
    client = new DemoClient(uri);
    admin = client.login("admin", "admin password 1");
  }

  @AfterAll
  static void stop() {
    demo.close();
  }

  @Test
  void anExportOfTasksImportsBackThroughTheStoreRulesAndTheAudit() {
    String marker = "Imported " + System.nanoTime();
    client.createTask(Map.of("title", marker + " =1+1", "priority", 2));
    client.createTask(Map.of("title", marker + " \"quoted\", ünïcødé", "priority", 4));
    String csv = client.get("/tasks.csv?title[like]=" + java.net.URLEncoder.encode(marker + "%",
        java.nio.charset.StandardCharsets.UTF_8) + "&sort=id&fields=title,description,priority,completed").body();
    String copies = csv.replace(marker, marker + " copy");

    TestResponse dryRun = client.postAs("/tasks/import?dryRun=true", "text/csv", copies);
    TestResponse imported = client.postAs("/tasks/import", "text/csv", copies);

    assertThat(dryRun.map()).containsEntry("valid", 2);
    assertThat(imported.status()).as(imported.body()).isEqualTo(200);
    assertThat(imported.map()).containsEntry("imported", 2).containsEntry("failed", 0);
    List<Map<String, Object>> copied = client.get("/tasks?title[like]=" + java.net.URLEncoder.encode(marker + " copy%",
        java.nio.charset.StandardCharsets.UTF_8) + "&sort=id").items();
    assertThat(copied).extracting(t -> t.get("title")).containsExactly(marker + " copy =1+1",
        marker + " copy \"quoted\", ünïcødé");
    assertThat(copied).extracting(t -> t.get("slug")).allSatisfy(slug -> assertThat((String) slug).startsWith("imported-"));
  }

  @Test
  void anImportWithABadRowReportsItAndWritesNothing() {
    String marker = "Bad import " + System.nanoTime();

    TestResponse reply = client.postAs("/tasks/import", "text/csv",
        "title,priority\r\n" + marker + " a,3\r\n" + marker + " b,9\r\n");

    assertThat(reply.status()).isEqualTo(422);
    assertThat(reply.body()).contains("\"row\":3", "\"field\":\"priority\"");
    assertThat(client.get("/tasks/count?title[like]=" + java.net.URLEncoder.encode(marker + "%",
        java.nio.charset.StandardCharsets.UTF_8)).map()).containsEntry("count", 0);
  }

  @Test
  void theCompleteActionCompletesTheTaskAndItsSubtasks() {
    long id = client.createTask(Map.of("title", "Move house"));
    client.post("/tasks/" + id + "/subtasks", Map.of("title", "Pack"));

    TestResponse reply = client.post("/tasks/" + id + "/complete", Map.of());

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.map()).containsEntry("completed", true).doesNotContainKey("internalNotes");
    assertThat(client.get("/tasks/" + id + "/subtasks").items()).extracting(s -> s.get("completed"))
        .containsExactly(true);
  }

  @Test
  void findTakesTheIndexQueryAsABodyAndKeepsHiddenFieldsOut() {
    String marker = "Findable " + System.nanoTime();
    client.createTask(Map.of("title", marker + " low", "priority", 1));
    client.createTask(Map.of("title", marker + " high", "priority", 5));

    TestResponse found = client.post("/tasks/find", Map.of("title[like]", marker + "%", "sort", "-priority"));
    TestResponse hidden = client.post("/tasks/find", Map.of("internalNotes[like]", "%"));

    assertThat(found.status()).isEqualTo(200);
    assertThat(found.items()).extracting(t -> t.get("title")).containsExactly(marker + " high", marker + " low");
    assertThat(found.items()).allSatisfy(t -> assertThat(t).doesNotContainKeys("internalNotes", "ownerId", "titleKey"));
    assertThat(hidden.status()).isEqualTo(400);
    String detail = (String) hidden.map().get("detail");
    assertThat(detail).contains("use one of");
    assertThat(detail.substring(detail.indexOf("use one of"))).doesNotContain("internalNotes");
  }

  @Test
  void theCsvExportHidesArchivedTasksAndInternalNotesOutsideAdmin() {
    long id = client.createTask(Map.of("title", "Export me, \"please\""));
    long archived = client.createTask(Map.of("title", "Old news"));
    client.patch("/tasks/" + archived, Map.of("archived", true));

    TestResponse reply = client.get("/tasks.csv?sort=id");
    TestResponse adminExport = admin.get("/admin/tasks.csv?sort=id");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).startsWith("id,title,description,priority,completed,archived,slug,updateCount,createdAt,version\r\n")
        .contains(id + ",\"Export me, \"\"please\"\"\"").doesNotContain("Old news");
    assertThat(adminExport.body()).contains("internalNotes").contains("Old news");
  }

  @Test
  void archivingEveryCompletedTaskIsOnePatchByQueryThatCountsEachUpdate() {
    long done = client.createTask(Map.of("title", "Finished chore"));
    long open = client.createTask(Map.of("title", "Unfinished chore"));
    client.post("/tasks/" + done + "/complete", Map.of());

    TestResponse reply = client.patch("/tasks?completed=true&archived=false", Map.of("archived", true));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(((Number) reply.map().get("updated")).intValue()).isPositive();
    Map<String, Object> archived = admin.get("/admin/tasks/" + done).map();
    assertThat(archived).containsEntry("archived", true).containsEntry("updateCount", 2);
    assertThat(admin.get("/admin/tasks/" + open).map()).containsEntry("archived", false);
    assertThat(client.get("/tasks?completed=true").items()).extracting(t -> t.get("id")).doesNotContain((int) done);
  }

  @Test
  void aBulkCallOutsideAdminChangesWhatTheSameQueryListsSoNoArchivedTask() {
    long archived = client.createTask(Map.of("title", "Shelved plan"));
    client.patch("/tasks/" + archived, Map.of("archived", true));

    TestResponse patched = client.patch("/tasks?archived=true", Map.of("priority", 5));
    TestResponse deleted = client.delete("/tasks?archived=true");

    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.map()).containsEntry("updated", 0);
    assertThat(deleted.map()).containsEntry("deleted", 0);
    assertThat(admin.get("/admin/tasks/" + archived).map()).containsEntry("priority", 3).containsEntry("archived", true);
    TestResponse adminPatch = admin.patch("/admin/tasks?archived=true&id=" + archived, Map.of("priority", 5));
    assertThat(adminPatch.map()).containsEntry("updated", 1);
  }

  @Test
  void completeTakesNoBodyAndRefusesOneInsteadOfPassingItOver() {
    long id = client.createTask(Map.of("title", "Mend the fence"));

    // {"completed": false} was passed over: a 200 that completed the task
    TestResponse reopen = client.post("/tasks/" + id + "/complete", Map.of("completed", false));
    TestResponse note = client.post("/tasks/" + id + "/complete", Map.of("note", "done by Ada"));

    assertThat(reopen.status()).as(reopen.body()).isEqualTo(400);
    assertThat(reopen.map()).containsEntry("detail", "tasks.complete takes no body: it sets completed to true and"
        + " changes nothing else; send it without a body (or {}), and change other fields with PATCH /tasks/" + id)
        .containsEntry("errors", Map.of("completed", List.of("is not read by tasks.complete")));
    assertThat(note.status()).isEqualTo(400);
    assertThat(note.map()).containsEntry("errors", Map.of("note", List.of("is not read by tasks.complete")));
    assertThat(client.get("/tasks/" + id).map()).containsEntry("completed", false).containsEntry("version", 0);
    assertThat(client.post("/tasks/" + id + "/complete", Map.of()).status()).isEqualTo(200);
  }

  /**
   * A query parameter the action does not read is refused as a body is: {@code ?completed=false} was passed over, a
   * 200 that completed the task. {@code fields} and {@code with} shape the answer, as on the task's own URL.
   */
  @Test
  void completeRefusesAQueryParameterItDoesNotRead() {
    long id = client.createTask(Map.of("title", "Paint the gate"));

    TestResponse reopen = client.post("/tasks/" + id + "/complete?completed=false", Map.of());
    TestResponse note = client.post("/tasks/" + id + "/complete?note=done&completed=false", Map.of());

    assertThat(reopen.status()).as(reopen.body()).isEqualTo(400);
    assertThat(reopen.map()).containsEntry("detail", "tasks.complete takes the query parameters fields, with;"
        + " 'completed' is not one of them: it sets completed to true and changes nothing else; change other fields with"
        + " PATCH /tasks/" + id)
        .containsEntry("errors", Map.of("completed", List.of("is not read by tasks.complete")));
    assertThat(note.status()).isEqualTo(400);
    assertThat(client.get("/tasks/" + id).map()).containsEntry("completed", false).containsEntry("version", 0);
    TestResponse shaped = client.post("/tasks/" + id + "/complete?fields=id,completed", Map.of());
    assertThat(shaped.status()).as(shaped.body()).isEqualTo(200);
    assertThat(shaped.map()).isEqualTo(Map.of("id", (int) id, "completed", true));
  }

  @Test
  void completingACompletedTaskIsAConflict() {
    long id = client.createTask(Map.of("title", "Water the plants"));
    client.post("/tasks/" + id + "/complete", Map.of());

    TestResponse reply = client.post("/tasks/" + id + "/complete", Map.of());

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.map()).containsEntry("message", "task " + id + " is already completed");
  }
}
