package dev.scribe.repository.internal.params;

import static dev.scribe.repository.internal.params.CopyOnWriteParams.nestedFrame;

import dev.scribe.repository.internal.params.CopyOnWriteParams.Enclosing;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/** A list inside params as {@link CopyOnWriteParams} hands it out: the caller's list until the first write copies it. */
final class FrameList extends AbstractList<Object> implements RandomAccess, Enclosing {
  final List<Object> source;
  final Enclosing enclosing;
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
    if (!CopyOnWriteParams.framed(value)) {
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
