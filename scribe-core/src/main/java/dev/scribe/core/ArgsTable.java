package dev.scribe.core;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The storage behind {@link EventArgs}: an insertion-ordered map of parallel arrays. Args hold a dozen
 * or two keys and are copied for every record of a batch and every entity event, so a copy has to be a
 * few array copies rather than a rebuilt hash table; lookups compare cached string hashes linearly,
 * which at this size is as fast as hashing into buckets. Its views are read-only; iteration is
 * fail-fast like {@code LinkedHashMap}'s.
 */
final class ArgsTable extends AbstractMap<String, Object> {
  private static final int INITIAL_CAPACITY = 16;

  private String[] keys;
  private int[] hashes;
  private Object[] values;
  private int size;
  private int modCount;
  private Set<Entry<String, Object>> entrySet;

  ArgsTable() {
    this(new String[INITIAL_CAPACITY], new int[INITIAL_CAPACITY], new Object[INITIAL_CAPACITY], 0);
  }

  private ArgsTable(String[] keys, int[] hashes, Object[] values, int size) {
    this.keys = keys;
    this.hashes = hashes;
    this.values = values;
    this.size = size;
  }

  /** An independent table with the same entries in the same order. */
  ArgsTable copy() {
    int capacity = Math.max(INITIAL_CAPACITY, size + 4);
    return new ArgsTable(Arrays.copyOf(keys, capacity), Arrays.copyOf(hashes, capacity),
        Arrays.copyOf(values, capacity), size);
  }

  private int indexOf(Object key) {
    if (!(key instanceof String)) {
      return -1;
    }
    int hash = key.hashCode();
    String[] keys = this.keys;
    int[] hashes = this.hashes;
    for (int i = 0; i < size; i++) {
      if (hashes[i] == hash && (keys[i] == key || keys[i].equals(key))) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public Object get(Object key) {
    int index = indexOf(key);
    return index < 0 ? null : values[index];
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public boolean containsValue(Object value) {
    for (int i = 0; i < size; i++) {
      if (value == null ? values[i] == null : value.equals(values[i])) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Object put(String key, Object value) {
    if (key == null) {
      throw new NullPointerException("args keys are never null");
    }
    int index = indexOf(key);
    if (index >= 0) {
      Object previous = values[index];
      values[index] = value;
      return previous;
    }
    if (size == keys.length) {
      int capacity = size * 2;
      keys = Arrays.copyOf(keys, capacity);
      hashes = Arrays.copyOf(hashes, capacity);
      values = Arrays.copyOf(values, capacity);
    }
    keys[size] = key;
    hashes[size] = key.hashCode();
    values[size] = value;
    size++;
    modCount++;
    return null;
  }

  @Override
  public Object remove(Object key) {
    int index = indexOf(key);
    if (index < 0) {
      return null;
    }
    Object previous = values[index];
    int moved = size - index - 1;
    System.arraycopy(keys, index + 1, keys, index, moved);
    System.arraycopy(hashes, index + 1, hashes, index, moved);
    System.arraycopy(values, index + 1, values, index, moved);
    size--;
    keys[size] = null;
    values[size] = null;
    modCount++;
    return previous;
  }

  @Override
  public void clear() {
    Arrays.fill(keys, 0, size, null);
    Arrays.fill(values, 0, size, null);
    size = 0;
    modCount++;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  /** Read-only: entries are changed through {@link #put} and {@link #remove}. */
  @Override
  public Set<Entry<String, Object>> entrySet() {
    Set<Entry<String, Object>> view = entrySet;
    if (view == null) {
      view = new EntryView();
      entrySet = view;
    }
    return view;
  }

  private final class EntryView extends AbstractSet<Entry<String, Object>> {
    @Override
    public int size() {
      return size;
    }

    @Override
    public Iterator<Entry<String, Object>> iterator() {
      return new Iterator<>() {
        private final int expectedModCount = modCount;
        private int next;

        @Override
        public boolean hasNext() {
          return next < size;
        }

        @Override
        public Entry<String, Object> next() {
          if (modCount != expectedModCount) {
            throw new ConcurrentModificationException("args changed while being iterated");
          }
          if (next >= size) {
            throw new NoSuchElementException();
          }
          int index = next++;
          return new SimpleImmutableEntry<>(keys[index], values[index]);
        }
      };
    }
  }
}
