package dev.scribe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The args map: typed accessors for the standard keys, identity keys, copies. */
class EventArgsTest {
  private final Object repository = new Object();

  @Test
  @SuppressWarnings("removal") // the deprecated accessors of keys another tier owns keep working
  void typedAccessorsReadTheStandardKeys() {
    Map<String, Object> params = new LinkedHashMap<>(Map.of("title", "x"));
    Map<String, Change> changes = Map.of("title", new Change("old", "new"));
    IllegalStateException failure = new IllegalStateException("boom");
    EventArgs args = EventArgs.builder().self(repository).path("tasks.update").action("update").controller("C")
        .put(EventArgs.PARAMS, params).put(EventArgs.QUERY, Map.of("status", "done")).put(EventArgs.ID, 7L)
        .put(EventArgs.ENTITY, "entity").put(EventArgs.CHANGES, changes).put(EventArgs.LAST_RESULT, "last")
        .put(EventArgs.INDEX, 2).put(EventArgs.FRONT_END_OPTIONS, Map.of("with", "subtasks"))
        .put(EventArgs.EXCEPTION, failure).build();

    assertThat(args.self()).isSameAs(repository);
    assertThat(args.self(Object.class)).isSameAs(repository);
    assertThat(args.path()).isEqualTo("tasks.update");
    assertThat(args.action()).isEqualTo("update");
    assertThat(args.controller()).isEqualTo("C");
    assertThat(args.params()).isSameAs(params);
    assertThat(args.query()).containsEntry("status", "done");
    assertThat(args.id()).isEqualTo(7L);
    assertThat(args.entity()).isEqualTo("entity");
    assertThat(args.entity(String.class)).isEqualTo("entity");
    assertThat(args.changes().get("title")).isEqualTo(new Change("old", "new"));
    assertThat(args.lastResult()).isEqualTo("last");
    assertThat(args.index()).isEqualTo(2);
    assertThat(args.frontEndOptions()).containsEntry("with", "subtasks");
    assertThat(args.exception()).isSameAs(failure);
  }

  @Test
  void absentKeysReadAsNullOrAnEmptyDefault() {
    EventArgs args = EventArgs.create();

    assertThat(args.params()).isNull();
    assertThat(args.results()).isNull();
    assertThat(args.index()).isNull();
    assertThat(args.frontEndOptions()).isEmpty();
    assertThat(args.config()).isSameAs(Options.empty());
  }

  @Test
  @SuppressWarnings("removal") // the deprecated accessors of keys another tier owns keep working
  void resultsAndDirectiveAreCreatedOnFirstUse() {
    EventArgs args = EventArgs.create();

    args.resultsOrEmpty().add("row");
    args.directive().put("notice", "saved");

    assertThat(args.results()).containsExactly("row");
    assertThat(args.get(EventArgs.DIRECTIVE)).isEqualTo(Map.of("notice", "saved"));
  }

  @Test
  void aValueOfTheWrongTypeIsAnErrorNamingTheKey() {
    EventArgs args = EventArgs.create();
    args.put(EventArgs.PARAMS, "not a map");

    assertThatThrownBy(args::params)
        .isInstanceOf(ScribeException.class)
        .hasMessage("args key 'params' holds a java.lang.String, not a java.util.Map; a handler replaced it with a value"
            + " of the wrong type");
  }

  @Test
  void aCopyHasItsOwnKeysAndSharesTheValues() {
    List<Object> results = new ArrayList<>();
    EventArgs batch = EventArgs.builder().self(repository).path("tasks.store").put(EventArgs.RESULTS, results).build();

    EventArgs record = batch.copy();
    record.put(EventArgs.PARAMS, Map.of("title", "first"));
    record.put(EventArgs.INDEX, 0);
    record.resultsOrEmpty().add("row 0");

    assertThat(batch).doesNotContainKeys(EventArgs.PARAMS, EventArgs.INDEX);
    assertThat(batch.results()).containsExactly("row 0");
    assertThat(record.self()).isSameAs(repository);
  }

  @Test
  void withSelfCopiesWithAnotherSelf() {
    EventArgs args = EventArgs.of(repository, "tasks.store");

    EventArgs forEntity = args.withSelf("entity");

    assertThat(forEntity.self()).isEqualTo("entity");
    assertThat(forEntity.path()).isEqualTo("tasks.store");
    assertThat(args.self()).isSameAs(repository);
  }

  @Test
  void identityKeysAreTheFourOperationKeys() {
    assertThat(List.of("self", "path", "action", "controller")).allMatch(EventArgs::isIdentityKey);
    assertThat(List.of("params", "entity", "index", "config")).noneMatch(EventArgs::isIdentityKey);
  }

  @Test
  void argsAreEqualToAMapWithTheSameEntries() {
    EventArgs args = EventArgs.builder().path("tasks.store").put("a", 1).build();

    assertThat(args).isEqualTo(Map.of("path", "tasks.store", "a", 1));
    assertThat(args.hashCode()).isEqualTo(Map.of("path", "tasks.store", "a", 1).hashCode());
    assertThat(args).hasToString("{path=tasks.store, a=1}");
    assertThat(args.containsValue(1)).isTrue();
    assertThat(args.size()).isEqualTo(2);
  }
}
