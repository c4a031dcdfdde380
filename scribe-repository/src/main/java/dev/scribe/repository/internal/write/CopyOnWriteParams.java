package dev.scribe.repository.internal.write;

import dev.scribe.entity.internal.WritableParams;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;

/**
 * A record's params as a frame over the caller's map: reads go to the caller's map, the first write
 * copies it. Nested maps and lists are handed out as frames of their own, and a nested frame's first
 * write copies it and puts the copy in place of the caller's value in its enclosing frame (copying that
 * one too), so the caller's maps and lists, nested ones included, are never changed, and a record whose
 * handlers write nothing copies nothing.
 */
final class CopyOnWriteParams {
  private CopyOnWriteParams() {}

  /** The params frame of one record over the caller's map. */
  static Map<String, Object> over(Map<String, Object> callerMap) {
    return new FrameMap(callerMap, null, null);
  }

  /** A frame enclosing nested frames: told when one of them copies itself, so it keeps the copy. */
  private interface Enclosing {
    void keep(Object slot, Object original, Object frame);
  }

  /** A nested value as its enclosing frame hands it out: the caller's value itself unless a map or list. */
  private static Object nestedFrame(Enclosing enclosing, Object slot, Object value) {
    if (value instanceof FrameMap && ((FrameMap) value).enclosing == enclosing) {
      return value;
    }
    if (value instanceof FrameList && ((FrameList) value).enclosing == enclosing) {
      return value;
    }
    if (value instanceof Map) {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) value;
      return new FrameMap(map, enclosing, slot);
    }
    if (value instanceof List) {
      @SuppressWarnings("unchecked")
      List<Object> list = (List<Object>) value;
      return new FrameList(list, enclosing, slot);
    }
    return value;
  }

  private static final class FrameMap extends AbstractMap<String, Object> implements Enclosing, WritableParams {
    private final Map<String, Object> source;
    private final Enclosing enclosing;
    /** The key this frame is kept under in its enclosing frame. */
    private final Object slot;
    private Map<String, Object> own;
    /** Frames handed out for nested values not yet copied, by key. */
    private Map<String, Object> handedOut;
    private Set<Entry<String, Object>> entrySet;
    private Set<String> keySet;

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
        own = new LinkedHashMap<>(source);
        if (enclosing != null) {
          enclosing.keep(slot, source, this);
        }
      }
      return own;
    }

    @Override
    public void keep(Object slot, Object original, Object frame) {
      Map<String, Object> map = writable();
      if (map.get(slot) == original) {
        map.put((String) slot, frame);
      }
      handedOut.remove(slot);
    }

    @Override
    public Object get(Object key) {
      Object value = current().get(key);
      if (!(value instanceof Map || value instanceof List)) {
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
      forget(key);
      return writable().put(key, value);
    }

    @Override
    public Object remove(Object key) {
      if (!current().containsKey(key)) {
        return null;
      }
      forget(key);
      return writable().remove(key);
    }

    @Override
    public void clear() {
      handedOut = null;
      writable().clear();
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
                Object value = entry.getValue();
                if (!(value instanceof Map || value instanceof List)) {
                  return new FrameEntry(last, value);
                }
                return new FrameEntry(last, frameOf(last, value));
              }

              @Override
              public void remove() {
                forget(last);
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

  private static final class FrameList extends AbstractList<Object> implements RandomAccess, Enclosing {
    private final List<Object> source;
    private final Enclosing enclosing;
    private final Object slot;
    private List<Object> own;
    /** Frames handed out for nested values not yet copied, by the caller's value. */
    private Map<Object, Object> handedOut;

    FrameList(List<Object> source, Enclosing enclosing, Object slot) {
      this.source = source;
      this.enclosing = enclosing;
      this.slot = slot;
    }

    private List<Object> current() {
      return own != null ? own : source;
    }

    private List<Object> writable() {
      if (own == null) {
        own = new ArrayList<>(source);
        if (enclosing != null) {
          enclosing.keep(slot, source, this);
        }
      }
      return own;
    }

    @Override
    public void keep(Object slot, Object original, Object frame) {
      List<Object> list = writable();
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i) == original) {
          list.set(i, frame);
          break;
        }
      }
      handedOut.remove(original);
    }

    @Override
    public Object get(int index) {
      Object value = current().get(index);
      if (!(value instanceof Map || value instanceof List)) {
        return value;
      }
      if (handedOut != null) {
        Object frame = handedOut.get(value);
        if (frame != null) {
          return frame;
        }
      }
      Object frame = nestedFrame(this, value, value);
      if (frame != value) {
        if (handedOut == null) {
          handedOut = new IdentityHashMap<>();
        }
        handedOut.put(value, frame);
      }
      return frame;
    }

    @Override
    public int size() {
      return current().size();
    }

    @Override
    public Object set(int index, Object element) {
      return writable().set(index, element);
    }

    @Override
    public void add(int index, Object element) {
      writable().add(index, element);
      modCount++;
    }

    @Override
    public Object remove(int index) {
      modCount++;
      return writable().remove(index);
    }
  }

  private static Object sourceOf(Object frame) {
    return frame instanceof FrameMap ? ((FrameMap) frame).source : ((FrameList) frame).source;
  }
}
