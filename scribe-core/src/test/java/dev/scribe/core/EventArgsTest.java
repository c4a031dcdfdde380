package dev.scribe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        .hasMessage("the args key 'params' was read as a java.util.Map, but it holds a java.lang.String; read it as what"
            + " it holds (the params of a batch are the list of its records), or find the handler that put it there");
  }

  @Test
  void aPrimitiveTypeReadsItsBoxedValueAndRefusesAnAbsentKeyByName() {
    // get(key, int.class) refused every Integer ("read as an int, but it holds a java.lang.Integer") and gave
    // null for an absent key, a NullPointerException in the handler that unboxed it
    EventArgs args = EventArgs.create();
    args.put(EventArgs.INDEX, 3);
    args.put("dryRun", true);
    int index = args.get(EventArgs.INDEX, int.class);
    boolean dryRun = args.get("dryRun", boolean.class);
    assertThat(index).isEqualTo(3);
    assertThat(dryRun).isTrue();
    assertThatThrownBy(() -> args.get("dryRun", int.class)).isInstanceOf(ArgsContractException.class)
        .hasMessageStartingWith("the args key 'dryRun' was read as an int, but it holds a java.lang.Boolean");
    assertThatThrownBy(() -> args.get("chunkSize", long.class)).isInstanceOf(UsageException.class)
        .hasMessage("get(\"chunkSize\", long.class): the args hold no 'chunkSize', and a long cannot be null;"
            + " read it as Long.class to get null when it is absent");
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
    assertThat(EventArgs.isIdentityKey(null)).as("no key is null, so null names no identity key").isFalse();
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

  @Test
  void theViewsRemoveAndReplaceLikeRemoveAndPut() {
    EventArgs args = EventArgs.builder().self("s").path("p").put("tmp1", 1).put("tmp2", 2).put("keep", 3)
        .put("drop", 4).put("last", 5).build();

    assertThat(args.keySet().removeIf(key -> key.startsWith("tmp"))).isTrue();
    assertThat(args.keySet().remove("drop")).isTrue();
    assertThat(args.keySet().remove("absent")).isFalse();
    assertThat(args.values().remove(5)).isTrue();
    for (Map.Entry<String, Object> entry : args.entrySet()) {
      if (entry.getKey().equals("keep")) {
        assertThat(entry.setValue(30)).isEqualTo(3);
        assertThat(entry.getValue()).isEqualTo(30);
      }
    }

    assertThat(args).containsExactly(Map.entry("self", "s"), Map.entry("path", "p"), Map.entry("keep", 30));
    assertThat(args.keySet()).isEqualTo(Set.of("self", "path", "keep")).hasSameHashCodeAs(Set.of("self", "path", "keep"));
    assertThat(args.entrySet()).contains(Map.entry("keep", 30)).doesNotContain(Map.entry("keep", 3));
    assertThat(args.entrySet().remove(Map.entry("keep", 3))).isFalse();
    assertThat(args.entrySet().remove(Map.entry("keep", 30))).isTrue();
    assertThat(args).containsOnlyKeys("self", "path");
  }

  @Test
  void anIteratorRemovesWhatItReturnedAndGoesOn() {
    EventArgs args = EventArgs.builder().self("s").put("a", 1).put("b", 2).put("c", 3).build();
    List<String> seen = new ArrayList<>();

    for (Iterator<Map.Entry<String, Object>> entries = args.entrySet().iterator(); entries.hasNext(); ) {
      Map.Entry<String, Object> entry = entries.next();
      seen.add(entry.getKey());
      if (!entry.getKey().equals("c") && !entry.getKey().equals("self")) {
        entries.remove();
      }
    }

    assertThat(seen).containsExactly("self", "a", "b", "c");
    assertThat(args).containsExactly(Map.entry("self", "s"), Map.entry("c", 3));
    Iterator<String> keys = args.keySet().iterator();
    assertThatThrownBy(keys::remove).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theViewsOfACopyChangeOnlyTheCopy() {
    EventArgs batch = EventArgs.builder().self("s").path("p").put("shared", 1).put("replaced", 2).put("other", 3).build();
    EventArgs record = batch.copy();
    record.put("replaced", 20);
    record.put("own", 4);
    List<String> seen = new ArrayList<>();

    for (Iterator<String> keys = record.keySet().iterator(); keys.hasNext(); ) {
      String key = keys.next();
      seen.add(key);
      if (key.equals("replaced") || key.equals("own")) {
        keys.remove();
      }
    }
    for (Map.Entry<String, Object> entry : record.entrySet()) {
      if (entry.getKey().equals("other")) {
        entry.setValue(30);
      }
    }
    record.values().remove(1);

    assertThat(seen).containsExactly("self", "path", "shared", "replaced", "other", "own");
    assertThat(record).containsExactly(Map.entry("self", "s"), Map.entry("path", "p"), Map.entry("other", 30));
    assertThat(batch).containsExactly(Map.entry("self", "s"), Map.entry("path", "p"), Map.entry("shared", 1),
        Map.entry("replaced", 2), Map.entry("other", 3));
  }

  @Test
  void aContextPathWithAnEmptySegmentWhitespaceOrAGlobStarIsRefusedWhereTheArgsAreBuilt() {
    for (String path : List.of("a..b", "", ".tasks", "tasks.", "admin.tasks.*", "admin. tasks", "**")) {
      assertThatThrownBy(() -> EventArgs.builder().path(path)).isInstanceOf(UsageException.class)
          .hasMessage("EventArgs.builder().path(\"" + path + "\"): a context path is names separated by single dots,"
              + " such as \"admin.tasks.store\", without whitespace or '*'; pass null for none");
      assertThatThrownBy(() -> EventArgs.builder().put(EventArgs.PATH, path)).isInstanceOf(UsageException.class)
          .hasMessageStartingWith("EventArgs.builder().put(\"path\", \"" + path + "\"): a context path is names");
      assertThatThrownBy(() -> EventArgs.of(repository, path)).isInstanceOf(UsageException.class);
    }
    assertThat(EventArgs.builder().path("admin.tasks-v2.store_all").build().path()).isEqualTo("admin.tasks-v2.store_all");
    assertThat(EventArgs.of(repository, "tasks").path()).isEqualTo("tasks");
    assertThat(EventArgs.builder().path(null).build().path()).isNull();
  }
}
