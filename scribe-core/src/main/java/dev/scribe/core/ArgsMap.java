package dev.scribe.core;

import dev.scribe.core.internal.Words;
import dev.scribe.core.internal.args.ArgsTable;
import dev.scribe.core.internal.dispatch.DispatchState;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The map behaviour of {@link EventArgs}: storage in an {@link ArgsTable}, the identity keys read-only, the
 * type contract of {@code query} and {@code results}, and views that change the args as {@code put} and
 * {@code remove} do. Package-private, so its public methods are documented and called as members of
 * {@link EventArgs}.
 */
abstract class ArgsMap implements Map<String, Object> {
  final ArgsTable values;
  /** The dispatch state of the thread that last fired these args, so later events skip a thread-local lookup. */
  DispatchState dispatchState;

  ArgsMap(ArgsTable values) {
    this.values = values;
  }

  /**
   * The value under {@code key} cast to {@code type}; null when absent, an {@link ArgsContractException} naming
   * the key, the type asked for and the type held when it is of another type, a {@link UsageException} when
   * {@code type} is null. A primitive type ({@code int.class}) reads the boxed value, and an absent key is then a
   * {@link UsageException} naming it, since a primitive cannot be null.
   */
  public <T> T get(String key, Class<T> type) {
    if (type == null) {
      throw new UsageException("get(" + (key == null ? "null" : "\"" + key + "\"") + ", null): pass the type to read"
          + " the value as, e.g. get(\"slug\", String.class), or get(key) for the value as it is");
    }
    Object value = values.get(key);
    if (type.isPrimitive()) {
      return readPrimitive(key, type, value);
    }
    if (value == null || type.isInstance(value)) {
      return type.cast(value);
    }
    throw ArgsContractException.wrongRead(key, type, value);
  }

  /**
   * {@code get("index", int.class)} reads the boxed value: no value is an instance of a primitive class, so every
   * Integer was refused as not an int, and null for an absent key failed the handler that unboxed it.
   */
  @SuppressWarnings("unchecked")
  private static <T> T readPrimitive(String key, Class<T> type, Object value) {
    Class<?> boxed = java.lang.invoke.MethodType.methodType(type).wrap().returnType();
    if (value == null) {
      throw new UsageException("get(" + (key == null ? "null" : "\"" + key + "\"") + ", " + type.getName()
          + ".class): the args hold no '" + key + "', and " + Words.withArticle(type.getName()) + " cannot be null;"
          + " read it as " + boxed.getSimpleName() + ".class to get null when it is absent");
    }
    if (boxed.isInstance(value)) {
      return (T) value;
    }
    throw ArgsContractException.wrongRead(key, type, value);
  }

  @Override
  public Object put(String key, Object value) {
    if (key == null) {
      throw nullKey(value);
    }
    if (EventArgs.isIdentityKey(key) && values.get(key) != value) {
      throw new ReadOnlyArgumentException(key, "replace");
    }
    checkType(key, value);
    return values.put(key, value);
  }

  /** Args keys are names: the framework and handlers look values up by them. */
  static UsageException nullKey(Object value) {
    String what = value == null ? "a null value" : Words.withArticle(value.getClass().getName());
    return new UsageException("an args key cannot be null (put with " + what + "); put the value under a name: an"
        + " EventArgs or tier constant such as EventArgs.PARAMS, or a key of your own such as \"slug\"");
  }

  /** {@code query} holds a Map and {@code results} a List, or nothing: the framework reads them as such. */
  static void checkType(String key, Object value) {
    if (value == null) {
      return;
    }
    if (key.equals(EventArgs.QUERY) && !(value instanceof Map)) {
      throw ArgsContractException.wrongType(key, Map.class, value);
    }
    if (key.equals(EventArgs.RESULTS) && !(value instanceof List)) {
      throw ArgsContractException.wrongType(key, List.class, value);
    }
  }

  /** Puts every entry; refused as a whole, before any change, when it would replace an identity key. */
  @Override
  public void putAll(Map<? extends String, ?> map) {
    for (Map.Entry<? extends String, ?> entry : map.entrySet()) {
      if (entry.getKey() == null) {
        throw nullKey(entry.getValue());
      }
      if (EventArgs.isIdentityKey(entry.getKey()) && values.get(entry.getKey()) != entry.getValue()) {
        throw new ReadOnlyArgumentException(entry.getKey(), "replace");
      }
      checkType(entry.getKey(), entry.getValue());
    }
    values.putAll(map);
  }

  @Override
  public Object remove(Object key) {
    if (key instanceof String && EventArgs.isIdentityKey((String) key) && values.containsKey(key)) {
      throw new ReadOnlyArgumentException((String) key, "remove");
    }
    return values.remove(key);
  }

  @Override
  public void clear() {
    for (String key : values.keySet()) {
      if (EventArgs.isIdentityKey(key)) {
        throw new ReadOnlyArgumentException(key, "remove");
      }
    }
    values.clear();
  }

  /** Replaces every value; refused as a whole, before any change, when it would replace an identity key. */
  @Override
  public void replaceAll(BiFunction<? super String, ? super Object, ?> function) {
    LinkedHashMap<String, Object> replaced = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : values.entrySet()) {
      Object value = function.apply(entry.getKey(), entry.getValue());
      if (EventArgs.isIdentityKey(entry.getKey()) && value != entry.getValue()) {
        throw new ReadOnlyArgumentException(entry.getKey(), "replace");
      }
      checkType(entry.getKey(), value);
      replaced.put(entry.getKey(), value);
    }
    values.putAll(replaced);
  }

  @Override
  public Object get(Object key) {
    return values.get(key);
  }

  @Override
  public int size() {
    return values.size();
  }

  @Override
  public boolean isEmpty() {
    return values.isEmpty();
  }

  @Override
  public boolean containsKey(Object key) {
    return values.containsKey(key);
  }

  @Override
  public boolean containsValue(Object value) {
    return values.containsValue(value);
  }

  /**
   * The keys, in order; removing one through the view is {@code remove(key)}, so an identity key is refused with
   * {@link ReadOnlyArgumentException}, and {@code removeIf}, {@code removeAll} and {@code retainAll} that would take
   * one are refused as a whole, before any change.
   */
  @Override
  public Set<String> keySet() {
    return ArgsViews.keys(this);
  }

  /** The values, in order; removing through the view removes their keys, as {@link #keySet()} does. */
  @Override
  public Collection<Object> values() {
    return ArgsViews.values(this);
  }

  /**
   * The entries, in order; an entry's {@code setValue} is {@code put(key, value)}, and removing through the view
   * removes keys as {@link #keySet()} does.
   */
  @Override
  public Set<Entry<String, Object>> entrySet() {
    return ArgsViews.entries(this);
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof Map && values.equals(o));
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
