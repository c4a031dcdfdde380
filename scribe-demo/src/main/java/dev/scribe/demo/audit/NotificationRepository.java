package dev.scribe.demo.audit;

import dev.scribe.core.EventArgs;
import dev.scribe.demo.tasks.Owners;
import dev.scribe.repository.Repository;

/** Messages published after commit by {@link CompletionNotifier}; served read-only. */
public class NotificationRepository extends Repository<Notification, Long> {
  /** Each caller reads the notifications of its own tasks; admins all. */
  void scopeQuery(EventArgs args) {
    Owners.scope(args, "userId");
  }
}
