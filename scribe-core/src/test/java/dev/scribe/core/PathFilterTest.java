package dev.scribe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A subscription restricted by path glob runs only for operations whose context path matches. */
class PathFilterTest {
  private final Scribe scribe = TestTiers.scribe();
  private final Journal journal = new Journal();
  private final EventManager events = scribe.register(TestTiers.STORE, new RecordingOwner(journal));

  final class AdminAudit {
    @On(value = "preCreate", path = "admin.**")
    void audit(EventArgs args) {
      journal.add("audit@" + args.path());
    }

    void postCreate(EventArgs args) {
      journal.add("audit.postCreate@" + args.path());
    }
  }

  private void fireAt(String... paths) {
    for (String path : paths) {
      events.fire(TestTiers.PRE_CREATE, TestTiers.args(path));
    }
  }

  @Test
  void lambdaWithPathFilterRunsOnlyOnMatchingPaths() {
    events.on(HandlerSpec.of("preCreate").name("stores").path("*.store"), args -> journal.add("stores@" + args.path()));

    fireAt("tasks.store", "admin.tasks.store", "tasks.update", "comments.store");

    assertThat(journal.entries()).containsExactly("own.preCreate", "stores@tasks.store", "own.preCreate",
        "own.preCreate", "own.preCreate", "stores@comments.store");
  }

  @Test
  void onPathRestrictsOneMethodOfASubscriber() {
    events.subscribe(new AdminAudit());

    fireAt("tasks.store", "admin.tasks.store");
    events.fire(TestTiers.POST_CREATE, TestTiers.args("tasks.store"));

    assertThat(journal.entries()).containsExactly("own.preCreate", "own.preCreate", "audit@admin.tasks.store",
        "own.postCreate", "audit.postCreate@tasks.store");
  }

  @Test
  void subscribeWithAGlobRestrictsEveryMethodNotRestrictedByOn() {
    scribe.tier(TestTiers.STORE).subscribe(new RecordingHandler("tasksOnly", journal), "tasks.**");

    fireAt("tasks.store", "comments.store");

    assertThat(journal.entries()).containsExactly("own.preCreate", "tasksOnly.preCreate", "own.preCreate");
  }

  @Test
  void filteredAndUnfilteredHandlersKeepTheirOrder() {
    events.on("preCreate", journal.record("all.1"));
    events.on(HandlerSpec.of("preCreate").path("admin.**"), journal.record("admin"));
    events.on("preCreate", journal.record("all.2"));

    fireAt("admin.tasks.store", "tasks.store");

    assertThat(journal.entries()).containsExactly("own.preCreate", "all.1", "admin", "all.2", "own.preCreate", "all.1",
        "all.2");
  }

  @Test
  void argsWithoutPathRunUnfilteredAndMatchEverythingHandlersOnly() {
    events.on(HandlerSpec.of("preCreate").path("tasks.**"), journal.record("tasks"));
    events.on(HandlerSpec.of("preCreate").path("**"), journal.record("everything"));

    events.fire(TestTiers.PRE_CREATE, EventArgs.create());

    assertThat(journal.entries()).isEqualTo(List.of("own.preCreate", "everything"));
  }

  @Test
  void handlersReadThePathFromTheArgs() {
    events.on("preCreate", args -> journal.add(args.path()));

    fireAt("tasks.subtasks.update");

    assertThat(journal.entries()).containsExactly("own.preCreate", "tasks.subtasks.update");
  }

  @Test
  void anInvalidGlobIsAnErrorNamingTheHandler() {
    assertThatThrownBy(() -> events.on(HandlerSpec.of("preCreate").name("stamp").path("admin.*s"), args -> {}))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("handler stamp of store.preCreate: path glob 'admin.*s' has an invalid segment '*s'; segments are"
            + " names (letters, digits, _ or -), * (one segment) or ** (any number), separated by dots");
    assertThatThrownBy(() -> events.subscribe(new RecordingHandler("x", journal), "admin/**"))
        .hasMessageStartingWith("subscribing RecordingHandler: path glob 'admin/**' has an invalid segment 'admin/**'");
    assertThat(events.handlers("preCreate")).hasSize(1);
  }
}
