package dev.scribe.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An unmodifiable copy of an option's value, all the way down: maps, lists and sets are copied (in their order, nulls
 * kept) and so are the maps, lists and sets inside them; any other value is kept as it is.
 */
final class ImmutableCopy {
  private ImmutableCopy() {
  }

  static Object of(Object value) {
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
