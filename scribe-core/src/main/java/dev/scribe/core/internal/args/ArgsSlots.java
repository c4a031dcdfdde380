package dev.scribe.core.internal.args;

import java.util.Arrays;

/**
 * Parallel arrays of keys, their hashes and values, in insertion order: the base entries of an {@link ArgsTable}
 * or its frame's own keys.
 */
final class ArgsSlots {
  String[] keys;
  int[] hashes;
  Object[] values;
  int size;
  /** True once another table may read these arrays: then they are copied before any change. */
  boolean shared;

  ArgsSlots(int capacity) {
    this.keys = new String[capacity];
    this.hashes = new int[capacity];
    this.values = new Object[capacity];
  }

  private ArgsSlots(String[] keys, int[] hashes, Object[] values, int size) {
    this.keys = keys;
    this.hashes = hashes;
    this.values = values;
    this.size = size;
  }

  ArgsSlots copy(int minimumCapacity) {
    int capacity = Math.max(minimumCapacity, size + 4);
    return new ArgsSlots(Arrays.copyOf(keys, capacity), Arrays.copyOf(hashes, capacity), Arrays.copyOf(values, capacity),
        size);
  }

  int indexOf(Object key, int hash) {
    String[] keys = this.keys;
    int[] hashes = this.hashes;
    for (int i = 0; i < size; i++) {
      if (hashes[i] == hash && (keys[i] == key || keys[i].equals(key))) {
        return i;
      }
    }
    return -1;
  }

  void add(String key, int hash, Object value) {
    if (size == keys.length) {
      int capacity = size * 2;
      keys = Arrays.copyOf(keys, capacity);
      hashes = Arrays.copyOf(hashes, capacity);
      values = Arrays.copyOf(values, capacity);
    }
    keys[size] = key;
    hashes[size] = hash;
    values[size] = value;
    size++;
  }

  void removeAt(int index) {
    int moved = size - index - 1;
    System.arraycopy(keys, index + 1, keys, index, moved);
    System.arraycopy(hashes, index + 1, hashes, index, moved);
    System.arraycopy(values, index + 1, values, index, moved);
    size--;
    keys[size] = null;
    values[size] = null;
  }
}
