package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A resource mounted where a route of another resource already is would take that route's requests, leaving the route
 * unreachable without a word: refused when the application is built, naming both.
 */
class RouteCollisionTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();

  @Test
  void aResourceMountedAtTheImportRouteOfTheResourceOfItsPrefixIsRefused() {
    // POST /tasks/import stored a record of the prefixed resource instead of importing tasks
    Controller<?, ?> tasks = new Controller<>(http.tasks);
    RestApplication.Builder builder = RestApplication.builder(http.store).mount("tasks", tasks)
        .mount("tasks", "import", new Controller<>(http.subtasks));

    assertThatThrownBy(builder::build).isInstanceOf(ConfigurationException.class)
        .hasMessage("'tasks.import' is mounted at /tasks/import, where the import of " + tasks + " is served (POST"
            + " /tasks/import), and the resource would take its requests; choose another name");
  }

  @Test
  void aResourceNestedAsFilesUnderAControllerThatKeepsAttachmentsIsRefused() {
    // GET /tasks/1/files answered the nested resource's page instead of the record's files
    Controller<?, ?> tasks = new Controller<>(http.tasks).attachments(AttachmentStore.database());
    RestApplication.Builder builder = RestApplication.builder(http.store).mount("tasks", tasks)
        .nest("tasks", "files", new Controller<>(http.subtasks), "task");

    assertThatThrownBy(builder::build).isInstanceOf(ConfigurationException.class)
        .hasMessage("'tasks.files' is nested at /tasks/{id}/files, where the files of " + tasks + " are served"
            + " (/tasks/{id}/files), and the nested resource would take their requests; choose another name");
    RestApplication.builder(http.store).mount("tasks", new Controller<>(http.tasks))
        .nest("tasks", "files", new Controller<>(http.subtasks), "task").build();   // without attachments, no clash
  }
}
