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
  void completingACompletedTaskIsAConflict() {
    long id = client.createTask(Map.of("title", "Water the plants"));
    client.post("/tasks/" + id + "/complete", Map.of());

    DemoClient.Reply reply = client.post("/tasks/" + id + "/complete", Map.of());

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.json()).containsEntry("message", "task " + id + " is already completed");
  }
}
