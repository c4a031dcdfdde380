package dev.scribe.repository.internal.params;

import static dev.scribe.repository.internal.params.CopyOnWriteParams.nestedFrame;
import static dev.scribe.repository.internal.params.CopyOnWriteParams.sourceOf;

import dev.scribe.core.ArgsContractException;
import dev.scribe.core.EventArgs;
import dev.scribe.entity.internal.WritableParams;
import dev.scribe.repository.internal.params.CopyOnWriteParams.Enclosing;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A params map as {@link CopyOnWriteParams} hands it out: the caller's map until the first write copies it;
 * new values for up to {@value #MAX_REPLACED} of the caller's keys are held beside it instead of a copy.
 */
final class FrameMap extends AbstractMap<String, Object> implements Enclosing, WritableParams {
  /** Keys whose new values are held beside the caller's map before it is copied. */
  static final int MAX_REPLACED = 4;

  final Map<String, Object> source;
  final Enclosing enclosing;
  /** The key this frame is kept under in its enclosing frame. */
  private final Object slot;
  private Map<String, Object> own;
  /**
   * Values put for keys the source holds, while it is not copied ({@code replacedCount} of them): the params
   * check writes its converted values back this way, a few keys per record, without a copy of the map.
   */
  private String[] replacedKeys;
  private Object[] replacedValues;
  private int replacedCount;
  /** True once this frame holds a change: its enclosing frame then keeps it in place of the source. */
  private boolean touched;
  /** Frames handed out for nested values not yet copied, by key. */
  private Map<String, Object> handedOut;
  private Set<Entry<String, Object>> entrySet;
  private Set<String> keySet;
  /** Keys added or removed so far; see {@link WritableParams#keyChanges}. */
  private int keyChanges;
  /** Writes so far, of any kind (a value put, a key removed, a nested frame's first change); see {@link #writes}. */
  private int writes;

  FrameMap(Map<String, Object> source, Enclosing enclosing, Object slot) {
    this.source = source;
    this.enclosing = enclosing;
    this.slot = slot;
  }

  private Map<String, Object> current() {
    return own != null ? own : source;
  }

  private Map<String, Object> writable() {
    if (own == null) {
      Map<String, Object> copy = new LinkedHashMap<>(source);
      for (int i = 0; i < replacedCount; i++) {
        copy.put(replacedKeys[i], replacedValues[i]);
      }
      replacedKeys = null;
      replacedValues = null;
      replacedCount = 0;
      own = copy;
      touch();
    }
    return own;
  }

  private void touch() {
    if (!touched) {
      touched = true;
      if (enclosing != null) {
        enclosing.keep(slot, source, this);
      }
    }
  }

  /** The value this frame holds for {@code key}, before a nested map or list is framed. */
  private Object raw(Object key) {
    if (own != null) {
      return own.get(key);
    }
    if (replacedCount > 0) {
      int index = replacedIndex(key);
      if (index >= 0) {
        return replacedValues[index];
      }
    }
    return source.get(key);
  }

  private int replacedIndex(Object key) {
    for (int i = 0; i < replacedCount; i++) {
      if (Objects.equals(replacedKeys[i], key)) {
        return i;
      }
    }
    return -1;
  }

  /** Puts a new value for a key of the uncopied source, beside it while few keys are replaced. */
  private Object replaceHeld(String key, Object value) {
    int index = replacedIndex(key);
    if (index >= 0) {
      Object previous = replacedValues[index];
      replacedValues[index] = value;
      return previous;
    }
    return holdBeside(key, value, source.get(key));
  }

  /**
   * Holds a new value for {@code key}, a key of the uncopied source not held beside it yet, whose value there is
   * {@code previous}; returns it.
   */
  private Object holdBeside(String key, Object value, Object previous) {
    if (replacedCount == MAX_REPLACED) {
      return writable().put(key, value);
    }
    if (replacedKeys == null) {
      replacedKeys = new String[MAX_REPLACED];
      replacedValues = new Object[MAX_REPLACED];
    }
    replacedKeys[replacedCount] = key;
    replacedValues[replacedCount] = value;
    replacedCount++;
    touch();
    return previous;
  }

  @Override
  public void keep(Object slot, Object original, Object frame) {
    writes++;
    if (raw(slot) == original) {
      if (own == null) {
        replaceHeld((String) slot, frame);
      } else {
        own.put((String) slot, frame);
      }
    }
    touch();
    handedOut.remove(slot);
  }

  @Override
  public Object get(Object key) {
    Object value = raw(key);
    if (!CopyOnWriteParams.framed(value)) {
      return value;
    }
    return frameOf((String) key, value);
  }

  private Object frameOf(String key, Object value) {
    if (handedOut != null) {
      Object frame = handedOut.get(key);
      if (frame != null && sourceOf(frame) == value) {
        return frame;
      }
    }
    Object frame = nestedFrame(this, key, value);
    if (frame != value) {
      if (handedOut == null) {
        handedOut = new HashMap<>();
      }
      handedOut.put(key, frame);
    }
    return frame;
  }

  @Override
  public boolean containsKey(Object key) {
    return current().containsKey(key);
  }

  @Override
  public int size() {
    return current().size();
  }

  @Override
  public Object put(String key, Object value) {
    if (key == null) {
      // thrown in the handler that wrote it; left in, it would fail as a NullPointerException in the params check
      throw new ArgsContractException(EventArgs.PARAMS, "a handler put " + value + " under the key null in the params;"
          + " params map field names to values: put it under the name of the field it sets");
    }
    forget(key);
    writes++;
    if (own == null) {
      // the params check writes back a converted value of a key the caller sent: one lookup of it, not two
      int index = replacedIndex(key);
      if (index >= 0) {
        Object previous = replacedValues[index];
        replacedValues[index] = value;
        return previous;
      }
      Object previous = source.get(key);
      if (previous != null || source.containsKey(key)) {
        return holdBeside(key, value, previous);
      }
    }
    Map<String, Object> writable = writable();
    int before = writable.size();
    Object previous = writable.put(key, value);
    if (writable.size() != before) {
      keyChanges++;
    }
    return previous;
  }

  @Override
  public Object remove(Object key) {
    if (!current().containsKey(key)) {
      return null;
    }
    forget(key);
    keyChanges++;
    writes++;
    return writable().remove(key);
  }

  @Override
  public void clear() {
    handedOut = null;
    keyChanges++;
    writes++;
    writable().clear();
  }

  @Override
  public int keyChanges() {
    return keyChanges;
  }

  /**
   * How many times this frame was written: a value put (also through an entry), a key removed, a nested map or
   * list it handed out changed for the first time. Equal counts mean the frame holds what it held.
   */
  int writes() {
    return writes;
  }

  @Override
  public String[] keyArray() {
    Map<String, Object> current = current();
    return current.keySet().toArray(new String[current.size()]);
  }

  private void forget(Object key) {
    if (handedOut != null) {
      handedOut.remove(key);
    }
  }

  /** The keys without an entry object per key, as the params checks iterate them for every record. */
  @Override
  public Set<String> keySet() {
    if (keySet == null) {
      keySet = new AbstractSet<>() {
        @Override
        public int size() {
          return current().size();
        }

        @Override
        public boolean contains(Object key) {
          return current().containsKey(key);
        }

        @Override
        public Iterator<String> iterator() {
          Iterator<String> keys = current().keySet().iterator();
          boolean copied = own != null;
          return new Iterator<>() {
            private String last;

            @Override
            public boolean hasNext() {
              return keys.hasNext();
            }

            @Override
            public String next() {
              last = keys.next();
              return last;
            }

            @Override
            public void remove() {
              forget(last);
              keyChanges++;
              writes++;
              if (copied) {
                keys.remove();
              } else {
                writable().remove(last);
              }
            }
          };
        }
      };
    }
    return keySet;
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    if (entrySet == null) {
      entrySet = new AbstractSet<>() {
        @Override
        public int size() {
          return current().size();
        }

        @Override
        public Iterator<Entry<String, Object>> iterator() {
          Iterator<Entry<String, Object>> entries = current().entrySet().iterator();
          boolean copied = own != null;
          return new Iterator<>() {
            private String last;

            @Override
            public boolean hasNext() {
              return entries.hasNext();
            }

            @Override
            public Entry<String, Object> next() {
              Entry<String, Object> entry = entries.next();
              last = entry.getKey();
              Object value = copied ? entry.getValue() : raw(last);
              if (!CopyOnWriteParams.framed(value)) {
                // written through the frame, the caller's map never; the frame's own copy too, so its writes count
                return new FrameEntry(last, value);
              }
              return new FrameEntry(last, frameOf(last, value));
            }

            @Override
            public void remove() {
              forget(last);
              keyChanges++;
              writes++;
              if (copied) {
                entries.remove();
              } else {
                writable().remove(last);
              }
            }
          };
        }
      };
    }
    return entrySet;
  }

  /** An entry whose {@code setValue} writes through this frame. */
  private final class FrameEntry extends SimpleEntry<String, Object> {
    FrameEntry(String key, Object value) {
      super(key, value);
    }

    @Override
    public Object setValue(Object value) {
      super.setValue(value);
      return put(getKey(), value);
    }
  }
}
