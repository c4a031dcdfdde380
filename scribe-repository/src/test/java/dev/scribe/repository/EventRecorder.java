package dev.scribe.repository;

import dev.scribe.core.Event;
import dev.scribe.core.EventArgs;
import dev.scribe.core.EventManager;
import dev.scribe.core.Subscription;
import dev.scribe.entity.EntityTier;
import java.util.ArrayList;
import java.util.List;

/** Remembers, in order, every event fired on the managers it is attached to. */
final class EventRecorder {
  final List<String> events = new ArrayList<>();
  private final List<Subscription> subscriptions = new ArrayList<>();

  /** Records every event of {@code manager}'s tier as {@code label.event}, with the field or record index. */
  EventRecorder attach(EventManager manager, String label) {
    for (Event event : manager.tier().events()) {
      subscriptions.add(manager.on(event.name(), args -> events.add(label + "." + event.name() + detail(args))));
    }
    return this;
  }

  void clear() {
    events.clear();
  }

  void detach() {
    subscriptions.forEach(Subscription::remove);
    subscriptions.clear();
  }

  private static String detail(EventArgs args) {
    Throwable failure = RepositoryTier.exception(args);
    if (failure != null) {
      return "!" + failure.getClass().getSimpleName(); // the preStop of a call that failed
    }
    if (args.get(EntityTier.FIELD_NAME) != null) {
      return "(" + EntityTier.fieldName(args) + ")";
    }
    if (args.get(EntityTier.ASSOCIATION_NAME) != null) {
      return "(" + args.get(EntityTier.ASSOCIATION_NAME) + ")";
    }
    if (args.get(EventArgs.INDEX) != null) {
      return "[" + args.index() + "]";
    }
    return "";
  }
}
