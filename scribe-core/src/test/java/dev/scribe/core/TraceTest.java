package dev.scribe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A trace records every handler run of a unit of work: tier, event, handler, path, duration, changed keys, outcome. */
class TraceTest {
  private final Journal journal = new Journal();
  private final Scribe scribe = TestTiers.builder().trace(true).build();
  private final EventManager events = scribe.register(TestTiers.STORE, new RecordingOwner(journal));

  private static EventArgs args() {
    Map<String, Object> params = new LinkedHashMap<>(Map.of("title", "Write docs"));
    return EventArgs.builder().self(new Object()).path("tasks.store").put(EventArgs.PARAMS, params)
        .put(EventArgs.QUERY, Map.of()).put(EventArgs.RESULT, "old").build();
  }

  @Test
  @SuppressWarnings("removal") // core cannot name ControllerTier; directive() is its alias
  void everyHandlerRunIsRecordedInOrderWithWhatItChanged() {
    events.on(HandlerSpec.of("preCreate").name("slug"), args -> args.params().put("slug", "write-docs"));
    events.on(HandlerSpec.of("preCreate").name("replaceResult"), args -> args.result("new"));
    events.on(HandlerSpec.of("preCreate").name("addDirective"), args -> args.directive().put("notice", "created"));
    events.on(HandlerSpec.of("preCreate").name("dropQuery"), args -> args.remove(EventArgs.QUERY));
    events.on(HandlerSpec.of("preCreate").name("sameValueBack"), args -> args.result(args.result()));

    List<TraceEntry> entries;
    try (TraceScope scope = scribe.openTrace()) {
      events.fire(TestTiers.PRE_CREATE, args());
      entries = scope.trace().entries();
    }

    assertThat(entries).extracting(TraceEntry::handler).containsExactly("RecordingOwner.preCreate", "slug",
        "replaceResult", "addDirective", "dropQuery", "sameValueBack");
    assertThat(entries).extracting(TraceEntry::changedKeys).containsExactly(List.of(), List.of("params"),
        List.of("result"), List.of("directive"), List.of("query"), List.of());
    assertThat(entries).allSatisfy(entry -> {
      assertThat(entry.tier()).isEqualTo("store");
      assertThat(entry.event()).isEqualTo("preCreate");
      assertThat(entry.path()).isEqualTo("tasks.store");
      assertThat(entry.durationNanos()).isPositive();
      assertThat(entry.outcome()).isEqualTo("ok");
      assertThat(entry.depth()).isEqualTo(1);
    });
  }

  @Test
  void mutatingAListOrAMapInPlaceCountsAsAChange() {
    events.on(HandlerSpec.of("postCreate").name("appendResult"), args -> args.resultsOrEmpty().add("row"));

    EventArgs args = args();
    args.put(EventArgs.RESULTS, new ArrayList<>());
    try (TraceScope scope = scribe.openTrace()) {
      events.fire(TestTiers.POST_CREATE, args);

      assertThat(scope.trace().entries()).extracting(TraceEntry::handler, TraceEntry::changedKeys)
          .containsExactly(tuple("RecordingOwner.postCreate", List.of()),
              tuple("appendResult", List.of("results")));
    }
  }

  @Test
  void nestedEventsAreRecordedAfterTheHandlerThatFiredThemOneLevelDeeper() {
    events.on(HandlerSpec.of("preCreate").name("cascade"), args -> events.fire(TestTiers.POST_CREATE,
        EventArgs.builder().path("tasks.subtasks.store").build()));

    try (TraceScope scope = scribe.openTrace()) {
      events.fire(TestTiers.PRE_CREATE, args());

      assertThat(scope.trace().entries()).extracting(TraceEntry::event, TraceEntry::handler, TraceEntry::path,
          TraceEntry::depth).containsExactly(
          tuple("preCreate", "RecordingOwner.preCreate", "tasks.store", 1),
          tuple("preCreate", "cascade", "tasks.store", 1),
          tuple("postCreate", "RecordingOwner.postCreate", "tasks.subtasks.store", 2));
      assertThat(scope.trace().toString()).startsWith("store.preCreate RecordingOwner.preCreate @tasks.store ")
          .contains("\n  store.postCreate RecordingOwner.postCreate @tasks.subtasks.store ");
    }
  }

  @Test
  void aVetoAndAnExceptionAreRecordedAsTheOutcome() {
    events.on(HandlerSpec.of("preCreate").name("refuse"), args -> {
      throw new Veto(409, "a task with this title is already open");
    });
    events.on(HandlerSpec.of("postCreate").name("crash"), args -> {
      throw new IllegalStateException("boom");
    });

    try (TraceScope scope = scribe.openTrace()) {
      assertThatThrownBy(() -> events.fire(TestTiers.PRE_CREATE, args())).isInstanceOf(Veto.class);
      assertThatThrownBy(() -> events.fire(TestTiers.POST_CREATE, args())).isInstanceOf(IllegalStateException.class);

      assertThat(scope.trace().entries()).extracting(TraceEntry::handler, TraceEntry::outcome).containsExactly(
          tuple("RecordingOwner.preCreate", "ok"),
          tuple("refuse", "veto 409: a task with this title is already open"),
          tuple("RecordingOwner.postCreate", "ok"),
          tuple("crash", "exception IllegalStateException: boom"));
      assertThat(scope.trace().handlerNames()).containsExactly("store.preCreate:RecordingOwner.preCreate",
          "store.preCreate:refuse", "store.postCreate:RecordingOwner.postCreate", "store.postCreate:crash");
    }
  }

  @Test
  void filteredOutHandlersAreNotRecorded() {
    events.on(HandlerSpec.of("preCreate").name("adminOnly").path("admin.**"), args -> {});

    try (TraceScope scope = scribe.openTrace()) {
      events.fire(TestTiers.PRE_CREATE, args());

      assertThat(scope.trace().handlerNames()).containsExactly("store.preCreate:RecordingOwner.preCreate");
    }
  }

  @Test
  void anInnerScopeJoinsTheOuterOneAndNothingIsRecordedAfterClosing() {
    try (TraceScope outer = scribe.openTrace()) {
      try (TraceScope inner = scribe.openTrace()) {
        assertThat(inner.trace()).isSameAs(outer.trace());
        events.fire(TestTiers.PRE_CREATE, args());
      }
      assertThat(scribe.currentTrace()).isSameAs(outer.trace());
      events.fire(TestTiers.PRE_CREATE, args());
      assertThat(outer.trace().entries()).hasSize(2);
    }
    assertThat(scribe.currentTrace()).isNull();
  }

  @Test
  void withoutAnOpenScopeNothingIsRecordedAndHandlersStillRun() {
    events.fire(TestTiers.PRE_CREATE, args());

    assertThat(scribe.currentTrace()).isNull();
    assertThat(journal.entries()).containsExactly("own.preCreate");
  }

  @Test
  void whenTracingIsOffAScopeRecordsNothing() {
    Scribe untraced = TestTiers.scribe();
    EventManager plain = untraced.register(TestTiers.STORE, new RecordingOwner(journal));

    try (TraceScope scope = untraced.openTrace()) {
      plain.fire(TestTiers.PRE_CREATE, args());

      assertThat(scope.trace()).isNull();
      assertThat(untraced.currentTrace()).isNull();
      assertThat(untraced.tracing()).isFalse();
    }
    assertThat(journal.entries()).containsExactly("own.preCreate");
  }
}
