package dev.scribe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Two applications in one JVM share nothing: handlers, named handlers, depth counters, traces. */
class ScribeIsolationTest {
  private final Journal journal = new Journal();

  @Test
  void tierWideHandlersBelongToOneApplication() {
    Scribe first = TestTiers.scribe();
    Scribe second = TestTiers.scribe();
    first.tier(TestTiers.STORE).on("preCreate", journal.record("first"));
    EventManager inSecond = second.register(TestTiers.STORE, new Object());

    inSecond.fire(TestTiers.PRE_CREATE, TestTiers.args("tasks.store"));

    assertThat(journal.entries()).isEmpty();
    assertThat(second.tier(TestTiers.STORE)).isNotSameAs(first.tier(TestTiers.STORE));
  }

  @Test
  void namedHandlersBelongToOneApplication() {
    Scribe first = TestTiers.builder().handler("stamp", journal.record("stamp")).build();
    Scribe second = TestTiers.scribe();

    assertThat(first.namedHandlers()).containsExactly("stamp");
    assertThat(second.namedHandlers()).isEmpty();
    assertThatThrownBy(() -> second.tier(TestTiers.STORE).bind(HandlerSpec.of("preCreate").name("stamp")))
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void depthIsCountedPerApplication() {
    Scribe outer = TestTiers.builder().maxDepth(1).build();
    Scribe inner = TestTiers.builder().maxDepth(1).build();
    EventManager innerEvents = inner.register(TestTiers.STORE, new Object());
    innerEvents.on("postCreate", journal.record("inner"));
    EventManager outerEvents = outer.register(TestTiers.STORE, new Object());
    outerEvents.on("preCreate", args -> innerEvents.fire(TestTiers.POST_CREATE, args));

    outerEvents.fire(TestTiers.PRE_CREATE, TestTiers.args("tasks.store"));
    outerEvents.fire(TestTiers.PRE_CREATE, TestTiers.args("tasks.store"));

    assertThat(journal.entries()).containsExactly("inner", "inner");
  }

  @Test
  void aTraceRecordsOnlyItsOwnApplication() {
    Scribe traced = TestTiers.builder().trace(true).build();
    Scribe other = TestTiers.builder().trace(true).build();
    EventManager otherEvents = other.register(TestTiers.STORE, new RecordingOwner(journal));
    EventManager events = traced.register(TestTiers.STORE, new Object());
    events.on(HandlerSpec.of("preCreate").name("callsOther"), args -> otherEvents.fire(TestTiers.PRE_CREATE, args));

    try (TraceScope scope = traced.openTrace()) {
      events.fire(TestTiers.PRE_CREATE, TestTiers.args("tasks.store"));

      assertThat(scope.trace().handlerNames()).containsExactly("store.preCreate:callsOther");
      assertThat(other.currentTrace()).isNull();
    }
    assertThat(journal.entries()).containsExactly("own.preCreate");
  }

  @Test
  void sequencesAndSubscriptionsAreIndependent() {
    Scribe first = TestTiers.scribe();
    Scribe second = TestTiers.scribe();
    EventManager a = first.register(TestTiers.STORE, new Object());
    EventManager b = second.register(TestTiers.STORE, new Object());
    a.on("preCreate", args -> {});
    b.on("preCreate", args -> {});

    assertThat(a.handlers("preCreate").get(0).name()).isEqualTo(b.handlers("preCreate").get(0).name());
    assertThat(first.managers()).containsExactly(a);
    assertThat(second.managers()).containsExactly(b);
  }
}
