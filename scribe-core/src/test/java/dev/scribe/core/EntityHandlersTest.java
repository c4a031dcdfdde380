package dev.scribe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Handlers declared on a class whose events are about its instances run on the event's self. */
class EntityHandlersTest {
  private final Scribe scribe = TestTiers.scribe();

  abstract static class BaseEntity {
    final List<String> ran = new ArrayList<>();

    void postPersist(EventArgs args) {
      ran.add("framework.postPersist");
    }
  }

  static class Task extends BaseEntity {
    String title;
    String slug;

    Task(String title) {
      this.title = title;
    }

    void prePersist(EventArgs args) {
      slug = title.toLowerCase().replace(' ', '-');
      ran.add("Task.prePersist");
    }

    private void preUpdate(EventArgs args) {
      ran.add("Task.preUpdate (private)");
    }
  }

  static final class UrgentTask extends Task {
    UrgentTask(String title) {
      super(title);
    }

    @Override
    void prePersist(EventArgs args) {
      super.prePersist(args);
      slug = "urgent-" + slug;
    }
  }

  static class BrokenEntity {
    void prePersist(String args) {}
  }

  private EventArgs argsFor(Object self) {
    return EventArgs.builder().path("tasks.store").build().withSelf(self);
  }

  @Test
  void handlersRunOnTheInstanceTheEventIsAbout() {
    EventManager tasks = scribe.registerType(TestTiers.ENTITY, Task.class, BaseEntity.class);
    Task first = new Task("Write docs");
    Task second = new Task("Ship it");

    tasks.fire("prePersist", argsFor(first));
    tasks.fire("prePersist", argsFor(second));
    tasks.fire("preUpdate", argsFor(second));

    assertThat(first.slug).isEqualTo("write-docs");
    assertThat(second.slug).isEqualTo("ship-it");
    assertThat(first.ran).containsExactly("Task.prePersist");
    assertThat(second.ran).containsExactly("Task.prePersist", "Task.preUpdate (private)");
  }

  @Test
  void anOverrideInASubclassRunsForItsInstances() {
    EventManager tasks = scribe.registerType(TestTiers.ENTITY, Task.class, BaseEntity.class);
    UrgentTask urgent = new UrgentTask("Fix prod");

    tasks.fire("prePersist", argsFor(urgent));

    assertThat(urgent.slug).isEqualTo("urgent-fix-prod");
  }

  @Test
  void methodsOfTheFrameworkBaseAreNotSubscribed() {
    EventManager tasks = scribe.registerType(TestTiers.ENTITY, Task.class, BaseEntity.class);
    Task task = new Task("x");

    tasks.fire("postPersist", argsFor(task));

    assertThat(task.ran).isEmpty();
    assertThat(tasks.hasHandlers("postPersist")).isFalse();
  }

  @Test
  void tierWideHandlersSeeTheSameSelf() {
    EventManager tasks = scribe.registerType(TestTiers.ENTITY, Task.class, BaseEntity.class);
    List<Object> seen = new ArrayList<>();
    scribe.tier(TestTiers.ENTITY).on("prePersist", args -> seen.add(args.self(Task.class).slug));
    Task task = new Task("Write docs");

    tasks.fire("prePersist", argsFor(task));

    assertThat(seen).containsExactly("write-docs");
  }

  @Test
  void aSelfOfAnotherTypeIsAnErrorNamingHandlerAndTypes() {
    EventManager tasks = scribe.registerType(TestTiers.ENTITY, Task.class, BaseEntity.class);

    assertThatThrownBy(() -> tasks.fire("prePersist", argsFor("not a task")))
        .isInstanceOf(UsageException.class)
        .hasMessage("handler Task.prePersist runs on the event's self, but self is a java.lang.String, not a"
            + " dev.scribe.core.EntityHandlersTest$Task; fire this manager's events with args whose self is the instance");
    assertThatThrownBy(() -> tasks.fire("prePersist", EventArgs.create())).isInstanceOf(UsageException.class)
        .hasMessage("handler Task.prePersist runs on the event's self, but self is null, not a"
            + " dev.scribe.core.EntityHandlersTest$Task; fire this manager's events with args whose self is the instance");
  }

  @Test
  void aWrongSignatureOnAnEntityClassIsARegistrationError() {
    assertThatThrownBy(() -> scribe.registerType(TestTiers.ENTITY, BrokenEntity.class, Object.class))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("BrokenEntity.prePersist(String) must take (EventArgs), but its name makes it a handler of the"
            + " entity event prePersist; declare it as an instance method 'void prePersist(EventArgs args)', or rename it");
  }

  @Test
  void describeShowsTheEntityClassAsOwner() {
    EventManager tasks = scribe.registerType(TestTiers.ENTITY, Task.class, BaseEntity.class);

    assertThat(tasks.handlers("prePersist"))
        .containsExactly(new HandlerInfo("Task.prePersist", HandlerSource.OWN_METHOD, 0, null, "Task"));
  }
}
