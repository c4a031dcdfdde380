package dev.scribe.core.internal.args;

import dev.scribe.core.EventArgs;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The storage behind {@link EventArgs}: an insertion-ordered map of parallel arrays. Args hold a dozen
 * or two keys and are copied for every record of a batch and every entity event, so a copy is a frame:
 * it shares its source's entries and keeps only what is put into it after the copy. The shared entries
 * are copied only when one side removes a key or writes a key it did not add itself (copy on write), so
 * a record's frame over its batch's args costs one small array set for its per-record keys. Lookups
 * compare cached string hashes linearly, which at this size is as fast as hashing into buckets. Its
 * views write through like {@code LinkedHashMap}'s (an iterator's {@code remove}, an entry's {@code setValue}),
 * and iteration is fail-fast.
 */
public final class ArgsTable extends AbstractMap<String, Object> {
  private static final int INITIAL_CAPACITY = 16;
  private static final int FRAME_CAPACITY = 8;

  /** Entries that may be shared with other tables; copied before this table changes them when shared. */
  private ArgsSlots base;
  /**
   * Keys put since this table became a frame, in order; null for a table that is not a frame. A key may
   * be here and in {@link #base} at once: then this value shadows the shared one (without moving it).
   */
  private ArgsSlots local;
  /** How many keys of {@link #local} shadow a key of {@link #base}. */
  private int shadowed;
  private int modCount;
  private Set<Entry<String, Object>> entrySet;

  public ArgsTable() {
    this.base = new ArgsSlots(INITIAL_CAPACITY);
  }

  private ArgsTable(ArgsSlots base, ArgsSlots local, int shadowed) {
    this.base = base;
    this.local = local;
    this.shadowed = shadowed;
  }

  /**
   * An independent table with the same entries in the same order. It shares this table's entries until
   * either side changes them, so a copy that only adds keys never copies what it shares.
   */
  public ArgsTable copy() {
    base.shared = true;
    return new ArgsTable(base, local == null ? new ArgsSlots(FRAME_CAPACITY) : local.copy(FRAME_CAPACITY), shadowed);
  }

  /** The base entries, copied first when another table shares them. */
  private ArgsSlots ownBase() {
    if (base.shared) {
      base = base.copy(INITIAL_CAPACITY);
    }
    return base;
  }

  @Override
  public Object get(Object key) {
    if (!(key instanceof String)) {
      return null;
    }
    int hash = key.hashCode();
    if (local != null) {
      int index = local.indexOf(key, hash);
      if (index >= 0) {
        return local.values[index];
      }
    }
    int index = base.indexOf(key, hash);
    return index < 0 ? null : base.values[index];
  }

  @Override
  public boolean containsKey(Object key) {
    if (!(key instanceof String)) {
      return false;
    }
    int hash = key.hashCode();
    return base.indexOf(key, hash) >= 0 || (local != null && local.indexOf(key, hash) >= 0);
  }

  @Override
  public boolean containsValue(Object value) {
    for (Entry<String, Object> entry : entrySet()) {
      Object candidate = entry.getValue();
      if (value == null ? candidate == null : value.equals(candidate)) {
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
    int hash = key.hashCode();
    if (local != null) {
      int index = local.indexOf(key, hash);
      if (index >= 0) {
        Object previous = local.values[index];
        local.values[index] = value;
        return previous;
      }
    }
    int index = base.indexOf(key, hash);
    if (index >= 0) {
      if (local != null && base.shared) {
        // shadow the shared entry rather than copy every shared entry for one value
        Object previous = base.values[index];
        local.add(key, hash, value);
        shadowed++;
        return previous;
      }
      ArgsSlots own = ownBase();
      Object previous = own.values[index];
      own.values[index] = value;
      return previous;
    }
    if (local != null) {
      local.add(key, hash, value);
    } else {
      ownBase().add(key, hash, value);
    }
    modCount++;
    return null;
  }

  /**
   * {@link #put} for a key the framework writes before each event of a series (the field and value of each
   * {@code preSetField}): such a key is among the last a frame added, so it is looked for from the newest of
   * the frame's own keys, by reference, before the lookup {@code put} makes. The same result as {@code put}.
   */
  public void putRecent(String key, Object value) {
    int index = recentIndex(key);
    if (index >= 0) {
      local.values[index] = value;
    } else {
      put(key, value);
    }
  }

  /** {@link #get} of a key {@link #putRecent} wrote, looked for the same way. */
  public Object getRecent(String key) {
    int index = recentIndex(key);
    return index >= 0 ? local.values[index] : get(key);
  }

  /**
   * {@link #remove} of a key {@link #putRecent} wrote, looked for the same way. A frame key that shadows no
   * shared key (none does while {@code shadowed} is 0: the shared entries of a frame only ever lose keys) is
   * removed from the frame alone, without looking through the shared entries.
   */
  public void removeRecent(String key) {
    int index = shadowed == 0 ? recentIndex(key) : -1;
    if (index >= 0) {
      local.removeAt(index);
      modCount++;
    } else {
      remove(key);
    }
  }

  /** The position of {@code key} among the frame's own keys when it is the very string held there, else -1. */
  private int recentIndex(String key) {
    ArgsSlots own = local;
    if (own == null) {
      return -1;
    }
    String[] keys = own.keys;
    for (int i = own.size - 1; i >= 0; i--) {
      if (keys[i] == key) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public Object remove(Object key) {
    if (!(key instanceof String)) {
      return null;
    }
    int hash = key.hashCode();
    int inBase = base.indexOf(key, hash);
    int inLocal = local == null ? -1 : local.indexOf(key, hash);
    if (inBase < 0 && inLocal < 0) {
      return null;
    }
    Object previous = inLocal >= 0 ? local.values[inLocal] : base.values[inBase];
    if (inLocal >= 0) {
      local.removeAt(inLocal);
      if (inBase >= 0) {
        shadowed--;
      }
    }
    if (inBase >= 0) {
      ownBase().removeAt(inBase);
    }
    modCount++;
    return previous;
  }

  @Override
  public void clear() {
    base = new ArgsSlots(INITIAL_CAPACITY);
    if (local != null) {
      local = new ArgsSlots(FRAME_CAPACITY);
    }
    shadowed = 0;
    modCount++;
  }

  @Override
  public int size() {
    return base.size + (local == null ? 0 : local.size - shadowed);
  }

  @Override
  public boolean isEmpty() {
    return size() == 0;
  }

  /** The entries in order; removing through the view or its iterator and an entry's {@code setValue} change the table. */
  @Override
  public Set<Entry<String, Object>> entrySet() {
    Set<Entry<String, Object>> view = entrySet;
    if (view == null) {
      view = new EntryView();
      entrySet = view;
    }
    return view;
  }

  /**
   * The entries in order, for a view of the map {@code owner} that wraps this table: the iterator's
   * {@code remove} is {@code owner.remove(key)} and an entry's {@code setValue} is {@code owner.put(key, value)},
   * so a change made through them passes the owner's checks first.
   */
  public Iterator<Entry<String, Object>> iterator(Map<String, Object> owner) {
    return new EntryIterator(owner);
  }

  private final class EntryView extends AbstractSet<Entry<String, Object>> {
    @Override
    public int size() {
      return ArgsTable.this.size();
    }

    @Override
    public Iterator<Entry<String, Object>> iterator() {
      return new EntryIterator(ArgsTable.this);
    }
  }

  /** An entry whose {@code setValue} puts the value through the map the view belongs to. */
  private static final class OwnedEntry extends SimpleEntry<String, Object> {
    private final transient Map<String, Object> owner;

    OwnedEntry(String key, Object value, Map<String, Object> owner) {
      super(key, value);
      this.owner = owner;
    }

    @Override
    public Object setValue(Object value) {
      Object previous = owner.put(getKey(), value);
      super.setValue(value);
      return previous;
    }
  }

  /** Base entries in order (a shadowed one with its frame value), then the frame's own new keys in order. */
  private final class EntryIterator implements Iterator<Entry<String, Object>> {
    private final Map<String, Object> owner;
    private int expectedModCount = modCount;
    private int next;
    /** The position of the entry {@link #next()} returned last; -1 before the first and once it is removed. */
    private int last = -1;
    private String lastKey;

    EntryIterator(Map<String, Object> owner) {
      this.owner = owner;
    }

    @Override
    public boolean hasNext() {
      skipShadowingLocals();
      return next < base.size + (local == null ? 0 : local.size);
    }

    /** Frame keys that shadow a base key were already returned at the base key's position. */
    private void skipShadowingLocals() {
      if (local == null || shadowed == 0) {
        return;
      }
      while (next >= base.size && next < base.size + local.size) {
        int index = next - base.size;
        if (base.indexOf(local.keys[index], local.hashes[index]) < 0) {
          return;
        }
        next++;
      }
    }

    @Override
    public Entry<String, Object> next() {
      if (modCount != expectedModCount) {
        throw new ConcurrentModificationException("args changed while being iterated");
      }
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      int index = next++;
      last = index;
      if (index < base.size) {
        String key = base.keys[index];
        lastKey = key;
        if (local != null && shadowed > 0) {
          int shadow = local.indexOf(key, base.hashes[index]);
          if (shadow >= 0) {
            return new OwnedEntry(key, local.values[shadow], owner);
          }
        }
        return new OwnedEntry(key, base.values[index], owner);
      }
      index -= base.size;
      lastKey = local.keys[index];
      return new OwnedEntry(lastKey, local.values[index], owner);
    }

    /**
     * Removes the last entry through the owner. The entries after it move up one place, in the base
     * or in the frame, so the next one is at the removed one's position.
     */
    @Override
    public void remove() {
      if (last < 0) {
        throw new IllegalStateException("remove() removes the entry next() returned, once: call next() first");
      }
      if (modCount != expectedModCount) {
        throw new ConcurrentModificationException("args changed while being iterated");
      }
      owner.remove(lastKey);
      next = last;
      last = -1;
      expectedModCount = modCount;
    }
  }
}
