package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.controller.fixture.Subtask;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two controllers over one repository (a nested route and a top-level one, say) may each keep attachments: each
 * attaches its own handler that removes a deleted record's files, under a name of its own, and a delete through
 * either removes the record's files once.
 */
class AttachmentsOfTwoControllersTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();

  @Test
  void aSecondControllerOverTheSameRepositoryKeepsAttachmentsTooAndADeleteRemovesTheFilesOnce() {
    http.subtaskController.attachments(AttachmentStore.database());
    Controller<Subtask, Long> second = new Controller<>(http.subtasks);
    second.attachments(AttachmentStore.database());

    long task = http.createTask("{\"title\":\"with a file\"}");
    long subtask = http.createSubtask(task, "{\"title\":\"child\"}");
    String file = "/tasks/" + task + "/subtasks/" + subtask + "/files/a.txt";
    Reply uploaded = http.sendBytes("PUT", file, "a".getBytes(StandardCharsets.UTF_8));
    assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
    assertThat(http.rows("scribe_attachments")).isEqualTo(1);

    Reply deleted = http.delete("/tasks/" + task + "/subtasks/" + subtask);

    assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
    assertThat(http.rows("scribe_attachments")).isZero();
    assertThat(http.rows("scribe_attachment_blobs")).isZero();
  }
}
