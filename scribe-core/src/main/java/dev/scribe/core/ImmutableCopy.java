package dev.scribe.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An unmodifiable copy of an option's value, all the way down: maps, lists and sets are copied (in their order, nulls
 * kept; a sorted map or set with its comparator) and so are the maps, lists and sets inside them; any other value
 * is kept as it is.
 */
final class ImmutableCopy {
  private ImmutableCopy() {
  }

  @SuppressWarnings("unchecked")
  static Object of(Object value) {
    // a sorted map or set keeps its comparator (a case-insensitive map still finds "Title")
    if (value instanceof SortedMap<?, ?> sorted) {
      SortedMap<Object, Object> copy = new TreeMap<>((Comparator<Object>) sorted.comparator());
      sorted.forEach((key, item) -> copy.put(key, of(item)));
      return Collections.unmodifiableSortedMap(copy);
    }
    if (value instanceof SortedSet<?> sorted) {
      SortedSet<Object> copy = new TreeSet<>((Comparator<Object>) sorted.comparator());
      sorted.forEach(item -> copy.add(of(item)));
      return Collections.unmodifiableSortedSet(copy);
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((key, item) -> copy.put(key, of(item)));
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(item -> copy.add(of(item)));
      return Collections.unmodifiableList(copy);
    }
    if (value instanceof Set<?> set) {
      Set<Object> copy = new LinkedHashSet<>();
      set.forEach(item -> copy.add(of(item)));
      return Collections.unmodifiableSet(copy);
    }
    return value;
  }

  /** The options by name, each value copied as {@link #of} does. */
  static Map<String, Object> ofOptions(Map<String, ?> values) {
    Map<String, Object> copy = new LinkedHashMap<>();
    values.forEach((name, value) -> copy.put(name, of(value)));
    return copy;
  }
}
