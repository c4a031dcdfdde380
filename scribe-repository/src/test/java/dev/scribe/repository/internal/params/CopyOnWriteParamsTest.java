package dev.scribe.repository.internal.params;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.entity.internal.WritableParams;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A record's params frame: every write stays in the frame, the caller's maps never change. */
class CopyOnWriteParamsTest {

  @Test
  void newValuesForTheCallersKeysAreSeenEverywhereAndTheCallersMapStaysAsItWas() {
    Map<String, Object> caller = caller();
    Map<String, Object> frame = CopyOnWriteParams.over(caller);

    assertThat(frame.put("dueDate", java.time.LocalDate.of(2026, 3, 1))).isEqualTo("2026-03-01");
    assertThat(frame.put("budget", new java.math.BigDecimal("10.50"))).isEqualTo("10.50");
    assertThat(frame.put("budget", new java.math.BigDecimal("11.50"))).isEqualTo(new java.math.BigDecimal("10.50"));

    assertThat(caller).isEqualTo(caller());
    assertThat(frame.get("dueDate")).isEqualTo(java.time.LocalDate.of(2026, 3, 1));
    assertThat(frame.get("budget")).isEqualTo(new java.math.BigDecimal("11.50"));
    assertThat(frame.get("title")).isEqualTo("write");
    assertThat(frame).hasSize(4).containsKey("budget");
    assertThat(new ArrayList<>(frame.keySet())).containsExactly("title", "dueDate", "budget", "done");
    Map<String, Object> expected = caller();
    expected.put("dueDate", java.time.LocalDate.of(2026, 3, 1));
    expected.put("budget", new java.math.BigDecimal("11.50"));
    assertThat(frame).isEqualTo(expected);
    assertThat(new LinkedHashMap<>(frame)).containsExactlyEntriesOf(expected);
  }

  @Test
  void moreNewValuesThanAreHeldBesideTheMapCopyItWithAllOfThem() {
    Map<String, Object> caller = new LinkedHashMap<>();
    for (int i = 0; i < FrameMap.MAX_REPLACED + 3; i++) {
      caller.put("k" + i, i);
    }
    Map<String, Object> frame = CopyOnWriteParams.over(caller);
    for (int i = 0; i < FrameMap.MAX_REPLACED + 3; i++) {
      frame.put("k" + i, i * 10);
    }

    for (int i = 0; i < FrameMap.MAX_REPLACED + 3; i++) {
      assertThat(caller.get("k" + i)).isEqualTo(i);
      assertThat(frame.get("k" + i)).isEqualTo(i * 10);
    }
    assertThat(new ArrayList<>(frame.keySet())).containsExactlyElementsOf(caller.keySet());
  }

  @Test
  void aNewKeyOrARemovalAfterNewValuesKeepsTheNewValues() {
    Map<String, Object> caller = caller();
    Map<String, Object> frame = CopyOnWriteParams.over(caller);
    frame.put("title", "trimmed");
    frame.put("owner", 7);
    frame.remove("done");

    assertThat(caller).isEqualTo(caller());
    assertThat(frame).containsEntry("title", "trimmed").containsEntry("owner", 7).doesNotContainKey("done");
    assertThat(new ArrayList<>(frame.keySet())).containsExactly("title", "dueDate", "budget", "owner");
  }

  @Test
  void entriesOfAnUncopiedFrameShowItsNewValuesAndWriteThroughIt() {
    Map<String, Object> caller = caller();
    Map<String, Object> frame = CopyOnWriteParams.over(caller);
    frame.put("done", true);

    List<Object> values = new ArrayList<>();
    for (Map.Entry<String, Object> entry : frame.entrySet()) {
      values.add(entry.getValue());
      if (entry.getKey().equals("title")) {
        entry.setValue("renamed");
      }
    }

    assertThat(values).containsExactly("write", "2026-03-01", "10.50", true);
    assertThat(frame.get("title")).isEqualTo("renamed");
    assertThat(caller).isEqualTo(caller());
  }

  @Test
  void keysRemovedThroughTheIteratorLeaveTheCallersMapAlone() {
    Map<String, Object> caller = caller();
    Map<String, Object> frame = CopyOnWriteParams.over(caller);
    frame.put("title", "kept");
    for (Iterator<String> keys = frame.keySet().iterator(); keys.hasNext(); ) {
      if (keys.next().startsWith("d")) {
        keys.remove();
      }
    }

    assertThat(frame).containsOnlyKeys("title", "budget").containsEntry("title", "kept");
    assertThat(caller).isEqualTo(caller());
  }

  @Test
  void aWriteInANestedMapIsKeptByItsEnclosingFrameBesideItsOtherNewValues() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("title", "  sub  ");
    Map<String, Object> caller = caller();
    caller.put("subtask", nested);
    Map<String, Object> frame = CopyOnWriteParams.over(caller);
    frame.put("title", "outer");

    @SuppressWarnings("unchecked")
    Map<String, Object> sub = (Map<String, Object>) frame.get("subtask");
    sub.put("title", "sub");
    frame.put("done", true);

    assertThat(nested).containsEntry("title", "  sub  ");
    assertThat(caller.get("title")).isEqualTo("write");
    @SuppressWarnings("unchecked")
    Map<String, Object> again = (Map<String, Object>) frame.get("subtask");
    assertThat(again).containsEntry("title", "sub");
    assertThat(frame).containsEntry("title", "outer").containsEntry("done", true);
  }

  @Test
  void aFrameNestedInAListIsKeptWhenItsMapIsWritten() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("title", "a");
    List<Object> list = new ArrayList<>(List.of(nested));
    Map<String, Object> caller = new LinkedHashMap<>();
    caller.put("subtasks", list);
    Map<String, Object> frame = CopyOnWriteParams.over(caller);

    @SuppressWarnings("unchecked")
    List<Object> subtasks = (List<Object>) frame.get("subtasks");
    @SuppressWarnings("unchecked")
    Map<String, Object> first = (Map<String, Object>) subtasks.get(0);
    first.put("title", "b");

    assertThat(nested).containsEntry("title", "a");
    @SuppressWarnings("unchecked")
    Map<String, Object> seen = (Map<String, Object>) ((List<Object>) frame.get("subtasks")).get(0);
    assertThat(seen).containsEntry("title", "b");
  }

  @Test
  void aKeyRemovedWithoutACopyIsGoneFromEveryViewAndTheCallersMapKeepsIt() {
    Map<String, Object> caller = caller();
    Map<String, Object> frame = CopyOnWriteParams.over(caller);

    assertThat(frame.remove("dueDate")).isEqualTo("2026-03-01");
    assertThat(frame.remove("dueDate")).isNull();
    assertThat(frame.remove("absent")).isNull();
    frame.put("budget", new java.math.BigDecimal("10.50"));

    assertThat(caller).isEqualTo(caller());
    assertThat(frame).hasSize(3).doesNotContainKey("dueDate").containsEntry("budget", new java.math.BigDecimal("10.50"));
    assertThat(frame.get("dueDate")).isNull();
    assertThat(new ArrayList<>(frame.keySet())).containsExactly("title", "budget", "done");
    assertThat(new ArrayList<>(frame.values())).containsExactly("write", new java.math.BigDecimal("10.50"), false);
    assertThat(new LinkedHashMap<>(frame)).containsExactly(Map.entry("title", "write"),
        Map.entry("budget", new java.math.BigDecimal("10.50")), Map.entry("done", false));
    assertThat(frame.keySet().contains("dueDate")).isFalse();
  }

  @Test
  void aRemovedKeyPutBackGoesLastAsInACopiedMap() {
    Map<String, Object> caller = caller();
    Map<String, Object> frame = CopyOnWriteParams.over(caller);
    frame.remove("title");

    frame.put("title", "again");

    assertThat(caller).isEqualTo(caller());
    assertThat(new ArrayList<>(frame.keySet())).containsExactly("dueDate", "budget", "done", "title");
    assertThat(frame).containsEntry("title", "again").hasSize(4);
  }

  @Test
  void removingThroughTheIteratorsOfAFrameWithARemovedKeyWorks() {
    Map<String, Object> caller = caller();
    Map<String, Object> frame = CopyOnWriteParams.over(caller);
    frame.remove("title");

    for (Iterator<String> keys = frame.keySet().iterator(); keys.hasNext(); ) {
      if (keys.next().equals("budget")) {
        keys.remove();
      }
    }
    for (Iterator<Map.Entry<String, Object>> entries = frame.entrySet().iterator(); entries.hasNext(); ) {
      Map.Entry<String, Object> entry = entries.next();
      if (entry.getKey().equals("done")) {
        entries.remove();
      } else {
        entry.setValue("2027-01-01");
      }
    }

    assertThat(caller).isEqualTo(caller());
    assertThat(frame).containsExactly(Map.entry("dueDate", "2027-01-01"));
  }

  @Test
  void moreRemovalsAndNewValuesThanAreHeldCopyTheMapWithAllOfThem() {
    Map<String, Object> caller = new LinkedHashMap<>();
    for (int i = 0; i < FrameMap.MAX_REPLACED + 3; i++) {
      caller.put("k" + i, i);
    }
    Map<String, Object> frame = CopyOnWriteParams.over(caller);
    for (int i = 0; i < FrameMap.MAX_REPLACED + 3; i++) {
      if (i % 2 == 0) {
        frame.remove("k" + i);
      } else {
        frame.put("k" + i, i * 10);
      }
    }

    for (int i = 0; i < FrameMap.MAX_REPLACED + 3; i++) {
      assertThat(caller.get("k" + i)).isEqualTo(i);
      assertThat(frame.containsKey("k" + i)).isEqualTo(i % 2 == 1);
      assertThat(frame.get("k" + i)).isEqualTo(i % 2 == 1 ? i * 10 : null);
    }
    assertThat(frame).hasSize((FrameMap.MAX_REPLACED + 3) / 2);
  }

  @Test
  void keyChangesCountKeysAddedAndRemovedButNotNewValues() {
    Map<String, Object> frame = CopyOnWriteParams.over(caller());
    WritableParams params = (WritableParams) frame;

    frame.put("title", "new value");
    frame.put("dueDate", "2026-04-01");
    assertThat(params.keyChanges()).isZero();
    frame.remove("done");
    frame.put("priority", 3);
    frame.put("priority", 4);
    assertThat(params.keyChanges()).isEqualTo(2);
    Iterator<String> keys = frame.keySet().iterator();
    keys.next();
    keys.remove();
    frame.remove("absent");
    assertThat(params.keyChanges()).isEqualTo(3);
    assertThat(params.keyArray()).containsExactly("dueDate", "budget", "priority");
  }

  @Test
  void theKeyArrayIsASnapshotInTheCallersOrder() {
    Map<String, Object> frame = CopyOnWriteParams.over(caller());

    String[] keys = ((WritableParams) frame).keyArray();
    frame.remove("title");

    assertThat(keys).containsExactly("title", "dueDate", "budget", "done");
  }

  private static Map<String, Object> caller() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("title", "write");
    params.put("dueDate", "2026-03-01");
    params.put("budget", "10.50");
    params.put("done", false);
    return params;
  }

  enum Level { LOW, HIGH { @Override public String toString() { return "high"; } } }

  /** A map of a class of its own, which the frame's shortcut for value classes must not take for a value. */
  static final class OwnMap extends java.util.AbstractMap<String, Object> {
    private final Map<String, Object> entries = new LinkedHashMap<>(Map.of("text", "nested"));

    @Override
    public java.util.Set<Entry<String, Object>> entrySet() {
      return entries.entrySet();
    }

    @Override
    public Object put(String key, Object value) {
      return entries.put(key, value);
    }
  }

  @Test
  void datesIdsAndEnumConstantsAreHandedOutAsTheyAreAndMapsOfAnyClassAsFrames() {
    java.util.UUID id = java.util.UUID.randomUUID();
    java.time.Instant at = java.time.Instant.parse("2026-03-01T10:00:00Z");
    OwnMap own = new OwnMap();
    Map<String, Object> caller = new LinkedHashMap<>();
    caller.put("day", java.time.LocalDate.of(2026, 3, 1));
    caller.put("at", at);
    caller.put("local", java.time.LocalDateTime.of(2026, 3, 1, 10, 0));
    caller.put("id", id);
    caller.put("level", Level.HIGH);
    caller.put("letter", 'x');
    caller.put("own", own);
    Map<String, Object> frame = CopyOnWriteParams.over(caller);

    assertThat(frame.get("day")).isSameAs(caller.get("day"));
    assertThat(frame.get("at")).isSameAs(at);
    assertThat(frame.get("local")).isSameAs(caller.get("local"));
    assertThat(frame.get("id")).isSameAs(id);
    assertThat(frame.get("level")).isSameAs(Level.HIGH);
    assertThat(frame.get("letter")).isSameAs(caller.get("letter"));
    @SuppressWarnings("unchecked")
    Map<String, Object> nested = (Map<String, Object>) frame.get("own");
    assertThat(nested).isNotSameAs(own).isInstanceOf(WritableParams.class);
    nested.put("text", "changed");
    assertThat(own.get("text")).isEqualTo("nested");
    assertThat(((Map<?, ?>) frame.get("own")).get("text")).isEqualTo("changed");
  }

  @Test
  void aNewValueForACallersKeyHoldingNullIsANewValueNotANewKey() {
    Map<String, Object> caller = new LinkedHashMap<>();
    caller.put("title", "write");
    caller.put("note", null);
    Map<String, Object> frame = CopyOnWriteParams.over(caller);

    assertThat(frame.put("note", "kept")).isNull();
    assertThat(frame.put("note", "again")).isEqualTo("kept");

    assertThat(((WritableParams) frame).keyChanges()).isZero();
    assertThat(new ArrayList<>(frame.keySet())).containsExactly("title", "note");
    assertThat(frame.get("note")).isEqualTo("again");
    assertThat(caller).containsEntry("note", null).hasSize(2);
    assertThat(frame.put("added", 1)).isNull();
    assertThat(((WritableParams) frame).keyChanges()).isEqualTo(1);
  }
}
