package dev.scribe.core.internal.dispatch;

import dev.scribe.core.ConfigurationException;
import dev.scribe.core.Subscription;
import java.util.ArrayList;
import java.util.List;

/**
 * The handlers attached at one level of an event manager (an owner, or a whole tier) and the plans of every
 * event compiled from them and the parent level's. Plans are rebuilt only after a change here or at the
 * parent; reading the current plan is one volatile read and an array load.
 */
public final class Attachments {
  private final int eventCount;
  private final Attachments parent;
  /** What is attached at this level; guarded by this object's monitor. */
  private final List<RegisteredHandler> attached = new ArrayList<>();
  /** The owner levels whose plans include this (tier-wide) level's handlers. */
  private final WeakList<Attachments> children = new WeakList<>();
  /**
   * The plan of every event, by event index; null when stale. Set to null (under this object's monitor)
   * by every change here or at the parent, rebuilt by the next {@link #plan}.
   */
  private volatile EventPlan[] plans;

  /** A level for a tier of {@code eventCount} events under {@code parent} (null for a tier-wide level). */
  public Attachments(int eventCount, Attachments parent) {
    this.eventCount = eventCount;
    this.parent = parent;
    if (parent != null) {
      parent.children.add(this);
    }
  }

  /** The current plan of the event at {@code index} of the tier's catalogue. */
  public EventPlan plan(int index) {
    EventPlan[] current = plans;
    if (current == null) {
      current = compile();
    }
    return current[index];
  }

  /**
   * Rebuilds the plans from this level and the parent's. Runs under this object's monitor, and a change at
   * the parent invalidates this level's plans under the same monitor after changing its own list, so a
   * rebuild racing with a parent's change is invalidated again once it is published.
   */
  private synchronized EventPlan[] compile() {
    EventPlan[] current = plans;
    if (current != null) {
      return current;
    }
    List<RegisteredHandler> all = new ArrayList<>(attached);
    if (parent != null) {
      all.addAll(parent.attachedSnapshot());
    }
    EventPlan[] result = EventPlan.plans(all, eventCount);
    plans = result;
    return result;
  }

  private synchronized List<RegisteredHandler> attachedSnapshot() {
    return new ArrayList<>(attached);
  }

  /**
   * Attaches {@code handlers}; removing the subscription detaches them all. A handler whose chosen name another
   * handler of the same event already has, here, at the tier-wide level or at an owner under this one, is a
   * {@link ConfigurationException} naming where the first is attached, and nothing is attached.
   */
  public Subscription attach(List<RegisteredHandler> handlers) {
    refuseTakenNames(handlers);
    synchronized (this) {
      attached.addAll(handlers);
      plans = null;
    }
    invalidateChildren();
    return new Attached(handlers);
  }

  private void refuseTakenNames(List<RegisteredHandler> handlers) {
    List<Attachments> levels = new ArrayList<>();
    levels.add(this);
    if (parent != null) {
      levels.add(parent);
    }
    levels.addAll(children.live());
    for (RegisteredHandler added : handlers) {
      for (Attachments level : levels) {
        for (RegisteredHandler first : level.attachedSnapshot()) {
          if (first.nameTakenBy(added)) {
            throw new ConfigurationException("a handler named '" + added.name + "' is already attached to "
                + first.whereAttached() + "; give this one another name with HandlerSpec.name(...), or remove the first"
                + " with its Subscription.remove()");
          }
        }
      }
    }
  }

  private void detach(List<RegisteredHandler> handlers) {
    synchronized (this) {
      attached.removeAll(handlers);
      plans = null;
    }
    invalidateChildren();
  }

  private synchronized void invalidate() {
    plans = null;
  }

  private void invalidateChildren() {
    for (Attachments child : children.live()) {
      child.invalidate();
    }
  }

  private final class Attached implements Subscription {
    private final List<RegisteredHandler> handlers;
    private volatile boolean active = true;

    Attached(List<RegisteredHandler> handlers) {
      this.handlers = handlers;
    }

    @Override
    public void remove() {
      synchronized (this) {
        if (!active) {
          return;
        }
        active = false;
      }
      detach(handlers);
    }

    @Override
    public boolean active() {
      return active;
    }
  }
}
