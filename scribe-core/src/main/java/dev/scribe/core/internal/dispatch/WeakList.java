package dev.scribe.core.internal.dispatch;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * A list that does not keep its elements alive: what nobody else references any more drops out, so
 * registering short-lived owners does not accumulate. Pruned when it has doubled since the last prune.
 * Thread-safe.
 */
public final class WeakList<T> {
  private final List<WeakReference<T>> references = new ArrayList<>();
  private int pruneAt = 64;

  /** Adds {@code element} at the end. */
  public synchronized void add(T element) {
    if (references.size() >= pruneAt) {
      references.removeIf(reference -> reference.get() == null);
      pruneAt = Math.max(64, references.size() * 2);
    }
    references.add(new WeakReference<>(element));
  }

  /** The elements still alive, in the order they were added. */
  public synchronized List<T> live() {
    List<T> live = new ArrayList<>();
    for (WeakReference<T> reference : references) {
      T element = reference.get();
      if (element != null) {
        live.add(element);
      }
    }
    return live;
  }
}
