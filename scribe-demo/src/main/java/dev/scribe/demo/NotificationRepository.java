package dev.scribe.demo;

import dev.scribe.repository.Repository;

/** Messages published after commit by {@link CompletionNotifier}; served read-only. */
public class NotificationRepository extends Repository<Notification, Long> {}
