package dev.scribe.core.internal.args;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The array-backed storage of args behaves as an insertion-ordered map, and its copies are independent. */
class ArgsTableTest {

  @Test
  void keepsInsertionOrderThroughReplaceAndRemove() {
    ArgsTable table = new ArgsTable();
    table.put("a", 1);
    table.put("b", 2);
    table.put("c", 3);
    table.put("b", 20);
    table.remove("a");
    table.put("a", 10);

    assertThat(table.keySet()).containsExactly("b", "c", "a");
    assertThat(table.values()).containsExactly(20, 3, 10);
    assertThat(table).isEqualTo(Map.of("a", 10, "b", 20, "c", 3));
    assertThat(table.hashCode()).isEqualTo(Map.of("a", 10, "b", 20, "c", 3).hashCode());
    assertThat(table.toString()).isEqualTo("{b=20, c=3, a=10}");
  }

  @Test
  void behavesLikeLinkedHashMapBeyondItsInitialCapacity() {
    ArgsTable table = new ArgsTable();
    Map<String, Object> expected = new LinkedHashMap<>();
    for (int i = 0; i < 100; i++) {
      table.put("key" + i, i);
      expected.put("key" + i, i);
    }
    for (int i = 0; i < 100; i += 3) {
      assertThat(table.remove("key" + i)).isEqualTo(expected.remove("key" + i));
    }

    assertThat(table.size()).isEqualTo(expected.size());
    assertThat(table.entrySet()).containsExactlyElementsOf(expected.entrySet());
    assertThat(table.get("key1")).isEqualTo(1);
    assertThat(table.get("key3")).isNull();
    assertThat(table.containsKey("key99")).isFalse();
    assertThat(table.containsKey("key98")).isTrue();
    assertThat(table.containsValue(98)).isTrue();
  }

  @Test
  void findsKeysByValueNotByIdentity() {
    ArgsTable table = new ArgsTable();
    table.put(new String("params"), "p");

    assertThat(table.get("params")).isEqualTo("p");
    assertThat(table.get(42)).isNull();
    assertThat(table.remove(42)).isNull();
    assertThat(table.containsKey(null)).isFalse();
  }

  @Test
  void aCopyIsIndependentOfItsSource() {
    ArgsTable source = new ArgsTable();
    source.put("params", "p");
    source.put("results", "r");

    ArgsTable copy = source.copy();
    copy.put("index", 0);
    copy.put("params", "changed");
    copy.remove("results");
    source.put("lastResult", "x");

    assertThat(source).containsExactly(Map.entry("params", "p"), Map.entry("results", "r"), Map.entry("lastResult", "x"));
    assertThat(copy).containsExactly(Map.entry("params", "changed"), Map.entry("index", 0));
  }

  @Test
  void iterationFailsFastWhenAKeyIsAddedOrRemoved() {
    ArgsTable table = new ArgsTable();
    table.put("a", 1);
    table.put("b", 2);

    Iterator<Map.Entry<String, Object>> entries = table.entrySet().iterator();
    entries.next();
    table.put("a", 100);
    assertThat(entries.next().getKey()).isEqualTo("b");

    Iterator<Map.Entry<String, Object>> again = table.entrySet().iterator();
    again.next();
    table.put("c", 3);
    assertThatThrownBy(again::next).isInstanceOf(ConcurrentModificationException.class);
  }

  @Test
  void anIteratorRemovesFromTheBaseFromAShadowedEntryAndFromTheFrame() {
    ArgsTable source = new ArgsTable();
    source.put("a", 1);
    source.put("b", 2);
    source.put("c", 3);
    ArgsTable frame = source.copy();
    frame.put("b", 20);
    frame.put("d", 4);
    frame.put("e", 5);
    List<String> seen = new ArrayList<>();

    for (Iterator<Map.Entry<String, Object>> entries = frame.entrySet().iterator(); entries.hasNext(); ) {
      Map.Entry<String, Object> entry = entries.next();
      seen.add(entry.getKey() + "=" + entry.getValue());
      if (!entry.getKey().equals("c")) {
        entries.remove();
      }
    }

    assertThat(seen).containsExactly("a=1", "b=20", "c=3", "d=4", "e=5");
    assertThat(frame).containsExactly(Map.entry("c", 3));
    assertThat(source).containsExactly(Map.entry("a", 1), Map.entry("b", 2), Map.entry("c", 3));
    frame.put("b", 200);
    assertThat(frame).containsExactly(Map.entry("c", 3), Map.entry("b", 200));
  }

  @Test
  void anEntrySetsItsValueInTheTable() {
    ArgsTable source = new ArgsTable();
    source.put("a", 1);
    ArgsTable frame = source.copy();

    frame.entrySet().iterator().next().setValue(10);

    assertThat(frame).containsExactly(Map.entry("a", 10));
    assertThat(source).containsExactly(Map.entry("a", 1));
  }

  @Test
  void refusesNullKeys() {
    assertThatThrownBy(() -> new ArgsTable().put(null, 1)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("never null");
  }

  @Test
  void clearEmptiesTheTable() {
    ArgsTable table = new ArgsTable();
    table.put("a", 1);
    table.clear();

    assertThat(table).isEmpty();
    table.put("b", 2);
    assertThat(table).containsExactly(Map.entry("b", 2));
  }

  @Test
  void removeRecentRemovesAFramesOwnKeyAsRemoveDoes() {
    ArgsTable batch = new ArgsTable();
    batch.put("params", "p");
    batch.put("path", "tasks");
    ArgsTable frame = batch.copy();
    frame.put("index", 3);
    frame.putRecent("fieldName", "title");
    frame.putRecent("value", "x");

    frame.removeRecent("fieldName");
    frame.removeRecent("value");

    assertThat(frame).isEqualTo(Map.of("params", "p", "path", "tasks", "index", 3));
    assertThat(frame.keySet()).containsExactly("params", "path", "index");
    assertThat(frame.size()).isEqualTo(3);
    assertThat(batch).isEqualTo(Map.of("params", "p", "path", "tasks"));
  }

  @Test
  void removeRecentOfAKeyTheSharedEntriesHoldTooRemovesItFromBoth() {
    ArgsTable batch = new ArgsTable();
    batch.put("value", "batch's");
    batch.put("path", "tasks");
    ArgsTable frame = batch.copy();
    frame.putRecent("value", "frame's"); // shadows the shared entry

    frame.removeRecent("value");

    assertThat(frame).isEqualTo(Map.of("path", "tasks"));
    assertThat(frame.containsKey("value")).isFalse();
    assertThat(batch).isEqualTo(Map.of("value", "batch's", "path", "tasks"));
  }

  @Test
  void removeRecentOfAKeyPutUnderAnotherStringOfTheSameTextRemovesIt() {
    ArgsTable frame = new ArgsTable().copy();
    frame.put(new String("value"), 1);
    frame.put("index", 0);

    frame.removeRecent("value");
    frame.removeRecent("absent");

    assertThat(frame).isEqualTo(Map.of("index", 0));
  }

  @Test
  void removeRecentFailsAnIteratorThatWasRunning() {
    ArgsTable frame = new ArgsTable().copy();
    frame.putRecent("fieldName", "title");
    frame.put("index", 0);
    Iterator<Map.Entry<String, Object>> entries = frame.entrySet().iterator();
    entries.next();

    frame.removeRecent("fieldName");

    assertThatThrownBy(entries::next).isInstanceOf(ConcurrentModificationException.class);
  }
}
