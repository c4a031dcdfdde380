package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.ArgsContractException;
import dev.scribe.core.EventArgs;
import dev.scribe.core.UsageException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The controller tier's Java API used as docs/reference.md and the javadoc describe it, misuses included. */
class DocumentedApiProbeTest {
  @Test
  void theTierAccessorsReadTheirKeysAndSayWhatIsWrongWithThem() {
    EventArgs args = EventArgs.create();
    ControllerTier.directive(args).put("links", Map.of("all", "/notes"));
    assertThat(args.get(ControllerTier.DIRECTIVE)).isEqualTo(Map.of("links", Map.of("all", "/notes")));
    assertThat(ControllerTier.directive(args)).containsKey("links");
    assertThat(ControllerTier.exception(args)).isNull();

    EventArgs wrong = EventArgs.builder().put(ControllerTier.DIRECTIVE, "see /notes").build();
    assertThatThrownBy(() -> ControllerTier.directive(wrong)).isInstanceOf(ArgsContractException.class)
        .hasMessage("the args key 'directive' was read as a java.util.Map, but it holds a java.lang.String; read it as"
            + " what it holds, or find the handler that put it there");
    assertThatThrownBy(() -> ControllerTier.directive(null)).isInstanceOf(UsageException.class)
        .hasMessage("ControllerTier.directive(null): pass the event's args, e.g. ControllerTier.directive(args) in a handler");
    assertThatThrownBy(() -> ControllerTier.exception(null)).isInstanceOf(UsageException.class);
  }

  @Test
  void theJavaApiOfApplicationsAndControllersRefusesWhatItCannotServe() {
    try (HttpApp http = HttpApp.start()) {
      ScribeServer second = ScribeServer.start(http.app, 0);
      int port = second.port();
      second.close();
      second.close();
      assertThat(second.port()).isEqualTo(port);
      assertThatThrownBy(() -> RestApplication.builder(http.store).mount("tasks", http.tasks).mount("tasks", http.tasks))
          .isInstanceOf(dev.scribe.core.ConfigurationException.class)
          .hasMessage("'tasks' is mounted twice; each resource path serves one controller");
      assertThatThrownBy(() -> RestApplication.builder(http.store).mount("a/b", http.tasks))
          .isInstanceOf(dev.scribe.core.ConfigurationException.class).hasMessageStartingWith("'a/b' cannot be a resource name");
      assertThatThrownBy(() -> RestApplication.builder(http.store).mount("t", new dev.scribe.controller.fixture.TaskRepository()))
          .isInstanceOf(UsageException.class).hasMessage("TaskRepository is not registered; call store.register(repository) first");
      assertThatThrownBy(() -> http.taskController.perform("nope", ActionRequest.empty())).isInstanceOf(UsageException.class)
          .hasMessageStartingWith("TaskController[tasks] has no collection action 'nope'; its actions are");
      assertThatThrownBy(() -> new Controller<>(http.subtasks).configure(dev.scribe.core.Config.of(Map.of("deleteable", false))))
          .isInstanceOf(dev.scribe.core.ConfigurationException.class).hasMessageContaining("did you mean 'deletable'?");
      assertThatThrownBy(() -> ActionResponse.of(99, "x")).isInstanceOf(UsageException.class);
      assertThatThrownBy(() -> RestApplication.builder(http.store).maxBodyBytes(0))
          .isInstanceOf(dev.scribe.core.ConfigurationException.class).hasMessage("maxBodyBytes must be positive, not 0");
    }
  }

  @Test
  void aDefaultPageSizeAboveTheMaximumGivesPagesOfTheMaximum() {
    try (HttpApp http = HttpApp.start()) {
      Controller<?, ?> pages = new Controller<>(http.subtasks)
          .configure(dev.scribe.core.Config.of(Map.of("defaultPageSize", 500, "maxPageSize", 100)));
      Map<?, ?> page = (Map<?, ?>) pages.index(ActionRequest.empty()).body();
      assertThat(page.get("size")).isEqualTo(100);
    }
  }

  @Test
  void theAccessVetoesNeedAMessageThatSaysSomething() {
    assertThatThrownBy(() -> Access.unauthenticated(" ")).isInstanceOf(UsageException.class)
        .hasMessage("Access.unauthenticated(\" \"): pass the message that says how to authenticate");
    assertThatThrownBy(() -> Access.forbidden("")).isInstanceOf(UsageException.class)
        .hasMessage("Access.forbidden(\"\"): pass the message that says which right is missing");
    assertThat(Access.unauthenticated("log in first").status()).isEqualTo(401);
    assertThat(Access.forbidden("admins only").status()).isEqualTo(403);
  }
}
