package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.Config;
import dev.scribe.core.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** createNext, updateNext and deleteNext: checked when configured, filled in after the write. */
class NextUrlsTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();

  @Test
  void createNextTemplateSendsTheClientToTheNewRecordsSubtasks() {
    http.taskController.configure(Config.of(Map.of("createNext", "/tasks/[id]/subtasks")));

    Reply reply = http.post("/tasks", "{\"title\":\"parent\"}");

    assertThat(reply.status()).isEqualTo(201);
    Object id = reply.map().get("id");
    assertThat(reply.header("Location")).isEqualTo("/tasks/" + id + "/subtasks");
    assertThat(reply.header("Content-Location")).isEqualTo("/tasks/" + id);
    assertThat(http.get("/tasks/" + id + "/subtasks").status()).isEqualTo(200);
  }

  @Test
  void createNextTrueStillPointsAtTheCollection() {
    http.taskController.configure(Config.of(Map.of("createNext", true)));

    Reply reply = http.post("/tasks", "{\"title\":\"one\"}");

    assertThat(reply.header("Location")).isEqualTo("/tasks");
    assertThat(reply.header("Content-Location")).isEqualTo("/tasks/" + reply.map().get("id"));
  }

  @Test
  void withoutCreateNextLocationIsTheRecord() {
    Reply reply = http.post("/tasks", "{\"title\":\"one\"}");

    assertThat(reply.header("Location")).isEqualTo("/tasks/" + reply.map().get("id"));
    assertThat(reply.header("Content-Location")).isNull();
  }

  @Test
  void updateNextAndDeleteNextSetLocationAfterTheirActions() {
    http.taskController.configure(Config.of(Map.of("updateNext", "/tasks/[id]/subtasks", "deleteNext", true)));
    long id = http.createTask("{\"title\":\"one\"}");

    Reply updated = http.patch("/tasks/" + id, "{\"title\":\"two\"}");
    Reply deleted = http.delete("/tasks/" + id);

    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.header("Location")).isEqualTo("/tasks/" + id + "/subtasks");
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(deleted.header("Location")).isEqualTo("/tasks");
  }

  @Test
  void aPerPathTemplateAppliesToItsPathOnly() {
    http.taskController.configure(Config.of(Map.of()).override("admin.**", Map.of("createNext", "https://example.org/t/[id]")));

    Reply admin = http.post("/admin/tasks", "{\"title\":\"a\"}");
    Reply plain = http.post("/tasks", "{\"title\":\"b\"}");

    assertThat(admin.header("Location")).isEqualTo("https://example.org/t/" + admin.map().get("id"));
    assertThat(plain.header("Location")).isEqualTo("/tasks/" + plain.map().get("id"));
  }

  @Test
  void anUnknownPlaceholderIsAConfigurationErrorNamingTheOptionAndPath() {
    assertThatThrownBy(() -> http.taskController.configure(
        Config.of(Map.of()).override("tasks.store", Map.of("createNext", "/tasks/[taskId]/subtasks"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("option 'createNext' of TaskController[tasks], the override for 'tasks.store' has the placeholder"
            + " [taskId] in \"/tasks/[taskId]/subtasks\"; the only placeholder is [id], the record's id");
  }

  @Test
  void aValueOfAnotherTypeIsAConfigurationError() {
    assertThatThrownBy(() -> http.taskController.configure(Config.of(Map.of("deleteNext", 5))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("option 'deleteNext' of TaskController[tasks], the defaults is of type Integer (5); give true, false"
            + " or a URL template such as \"/tasks/[id]/subtasks\"");
  }

  @Test
  void aRelativeTemplateWithoutSlashIsAConfigurationError() {
    assertThatThrownBy(() -> http.taskController.configure(Config.of(Map.of("updateNext", "tasks/[id]"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("option 'updateNext'")
        .hasMessageContaining("start it with '/'");
  }

  @Test
  void aRefusedConfigurationLeavesTheFormerOneInPlace() {
    http.taskController.configure(Config.of(Map.of("createNext", true)));
    assertThatThrownBy(() -> http.taskController.configure(Config.of(Map.of("createNext", "/x/[y]"))))
        .isInstanceOf(ConfigurationException.class);

    assertThat(http.post("/tasks", "{\"title\":\"one\"}").header("Location")).isEqualTo("/tasks");
  }
}
