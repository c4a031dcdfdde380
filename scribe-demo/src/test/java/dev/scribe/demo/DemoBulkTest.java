package dev.scribe.demo;

import static org.assertj.core.api.Assertions.assertThat;

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

  @BeforeAll
  static void start() {
    demo = DemoApplication.create(DemoOptions.parse(List.of("--port", "0", "--db", "mem")));
    URI uri = demo.serve();
    client = new DemoClient(uri);
  }

  @AfterAll
  static void stop() {
    demo.close();
  }

  @Test
  void theCompleteActionCompletesTheTaskAndItsSubtasks() {
    long id = client.createTask(Map.of("title", "Move house"));
    client.post("/tasks/" + id + "/subtasks", Map.of("title", "Pack"));

    DemoClient.Reply reply = client.post("/tasks/" + id + "/complete", Map.of());

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json()).containsEntry("completed", true).doesNotContainKey("internalNotes");
    assertThat(client.get("/tasks/" + id + "/subtasks").items()).extracting(s -> s.get("completed"))
        .containsExactly(true);
  }

  @Test
  void theCsvExportHidesArchivedTasksAndInternalNotesOutsideAdmin() {
    long id = client.createTask(Map.of("title", "Export me, \"please\""));
    long archived = client.createTask(Map.of("title", "Old news"));
    client.patch("/tasks/" + archived, Map.of("archived", true));

    DemoClient.Reply reply = client.get("/tasks.csv?sort=id");
    DemoClient.Reply admin = client.get("/admin/tasks.csv?sort=id");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).startsWith("id,title,description,priority,completed,archived,slug,updateCount,createdAt,version\r\n")
        .contains(id + ",\"Export me, \"\"please\"\"\"").doesNotContain("Old news");
    assertThat(admin.body()).contains("internalNotes").contains("Old news");
  }

  @Test
  void archivingEveryCompletedTaskIsOnePatchByQueryThatCountsEachUpdate() {
    long done = client.createTask(Map.of("title", "Finished chore"));
    long open = client.createTask(Map.of("title", "Unfinished chore"));
    client.post("/tasks/" + done + "/complete", Map.of());

    DemoClient.Reply reply = client.patch("/tasks?completed=true&archived=false", Map.of("archived", true));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(((Number) reply.json().get("updated")).intValue()).isPositive();
    Map<String, Object> archived = client.get("/admin/tasks/" + done).json();
    assertThat(archived).containsEntry("archived", true).containsEntry("updateCount", 2);
    assertThat(client.get("/admin/tasks/" + open).json()).containsEntry("archived", false);
    assertThat(client.get("/tasks?completed=true").items()).extracting(t -> t.get("id")).doesNotContain((int) done);
  }

  @Test
  void completingACompletedTaskIsAConflict() {
    long id = client.createTask(Map.of("title", "Water the plants"));
    client.post("/tasks/" + id + "/complete", Map.of());

    DemoClient.Reply reply = client.post("/tasks/" + id + "/complete", Map.of());

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.json()).containsEntry("message", "task " + id + " is already completed");
  }
}
