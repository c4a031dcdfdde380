package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.controller.fixture.Subtask;
import dev.scribe.controller.fixture.Task;
import dev.scribe.controller.fixture.TaskController;
import dev.scribe.controller.fixture.TaskRepository;
import dev.scribe.core.ConfigurationException;
import dev.scribe.core.Scribe;
import dev.scribe.repository.DataStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A binding file names the events of a controller's custom actions ({@code onPreComplete}, {@code onPostComplete}),
 * which exist only once a controller declares its actions: the binding waits for them, attaches to every controller
 * whose actions have the event, for the file's paths, and a name no mounted controller's actions have stops the
 * application's build.
 */
class ActionEventBindingsTest {
  static final List<String> FIRED = new CopyOnWriteArrayList<>();

  @RegisterExtension
  static final HttpApp http = HttpApp.start(b -> b
      .handler("auditCompletion", args -> FIRED.add("audit " + args.path() + " " + args.id()))
      .handler("countCompletion", args -> FIRED.add("count " + args.path()))
      .bindings(file("{ \"admin.**\": { \"onPostComplete\": [\"auditCompletion\"] },"
          + " \"tasks.complete\": { \"controller.onPreComplete\": [\"countCompletion\"] } }")), b -> {});

  static Path file(String json) {
    try {
      Path file = Files.createTempFile("bindings", ".json");
      file.toFile().deleteOnExit();
      return Files.writeString(file, json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aBindingFileNamesACustomActionsEventsForItsPaths() {
    long id = http.createTask("{\"title\":\"a\"}");
    FIRED.clear();

    assertThat(http.post("/tasks/" + id + "/complete", "{}").status()).isEqualTo(200);
    assertThat(http.post("/admin/tasks/" + id + "/complete", "{}").status()).isEqualTo(200);

    assertThat(FIRED).containsExactly("count tasks.complete", "audit admin.tasks.complete " + id);
    assertThat(http.taskController.completions).as("the controller's own onPreComplete runs too").hasSize(2);
  }

  @Test
  void aBoundActionEventIsListedWithItsNamedHandler() {
    assertThat(http.taskController.actionEvents().describe())
        .anySatisfy(event -> assertThat(event.toString()).contains("onPostComplete").contains("auditCompletion"));
  }

  @Test
  void anActionEventNoMountedControllerDeclaresStopsTheApplicationsBuild() {
    Path bindings = file("{ \"admin.**\": { \"onPostCompleet\": [\"auditCompletion\"] } }");
    Scribe scribe = Scribe.builder().handler("auditCompletion", args -> {}).bindings(bindings).build();
    DataStore store = http.database.store(scribe, Task.class, Subtask.class);
    try {
      TaskController controller = new TaskController(store.register(new TaskRepository()));

      assertThatThrownBy(() -> RestApplication.builder(store).mount("tasks", controller).build())
          .isInstanceOf(ConfigurationException.class)
          .hasMessage("binding file " + bindings + ", path 'admin.**': 'onPostCompleet' is not an event of any tier"
              + " nor of a custom action of the mounted controllers (did you mean onPostComplete?); their actions'"
              + " events are [onPreComplete, onPostComplete, onPreFind, onPostFind]");
    } finally {
      store.close();
    }
  }
}
