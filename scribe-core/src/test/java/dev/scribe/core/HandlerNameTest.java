package dev.scribe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * A handler's name says which handler ran (in the trace, in describe()): two different handlers of one event
 * under one name are refused, while the same handler attached again keeps running once.
 */
class HandlerNameTest {
  private final Journal journal = new Journal();
  private final Scribe scribe = TestTiers.builder().handler("stamp", journal.record("stamp")).build();
  private final EventManager events = scribe.register(TestTiers.STORE, new Object(), Object.class, "TaskStore");

  @Test
  void aSecondHandlerUnderANameAlreadyAttachedToTheEventIsRefusedNamingWhereTheFirstIs() {
    events.on(HandlerSpec.of("preCreate").name("trimTitle").priority(10), journal.record("first"));

    assertThatThrownBy(() -> events.on(HandlerSpec.of("preCreate").name("trimTitle"), journal.record("second")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("a handler named 'trimTitle' is already attached to store.preCreate on TaskStore (a lambda,"
            + " priority 10, every path); give this one another name with HandlerSpec.name(...), or remove the"
            + " first with its Subscription.remove()");
    events.fire(TestTiers.PRE_CREATE, TestTiers.args("tasks.store"));
    assertThat(journal.entries()).containsExactly("first");
  }

  @Test
  void aNameOnTheTierWideManagerAndAnotherHandlerUnderItOnAnOwnerAreRefusedEitherWay() {
    scribe.tier(TestTiers.STORE).on(HandlerSpec.of("preCreate").name("audit").path("admin.**"), journal.record("tier"));

    assertThatThrownBy(() -> events.on(HandlerSpec.of("preCreate").name("audit"), journal.record("owner")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("a handler named 'audit' is already attached to store.preCreate on tier (a lambda,"
            + " priority 0, path admin.**)");
    events.on(HandlerSpec.of("postCreate").name("log"), journal.record("owner"));
    assertThatThrownBy(() -> scribe.tier(TestTiers.STORE).on(HandlerSpec.of("postCreate").name("log"), journal.record("tier")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("a handler named 'log' is already attached to store.postCreate on TaskStore");
  }

  @Test
  void aNamedHandlerBoundAgainForAnotherPathAndTheSameNameOnAnotherEventAreAllowed() {
    events.bind(HandlerSpec.of("preCreate").name("stamp").path("admin.**"));
    events.bind(HandlerSpec.of("preCreate").name("stamp").path("tasks.**"));
    events.bind(HandlerSpec.of("postCreate").name("stamp"));

    events.fire(TestTiers.PRE_CREATE, TestTiers.args("tasks.store"));

    assertThat(journal.entries()).containsExactly("stamp");
  }

  @Test
  void aNamedHandlerAndALambdaUnderItsNameAreRefused() {
    events.bind(HandlerSpec.of("preCreate").name("stamp"));

    assertThatThrownBy(() -> events.on(HandlerSpec.of("preCreate").name("stamp"), journal.record("other")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("a handler named 'stamp' is already attached to store.preCreate on TaskStore (a named"
            + " handler, priority 0, every path)");
  }
}
