package dev.scribe.demo.audit;

import dev.scribe.core.EventArgs;
import dev.scribe.core.User;
import dev.scribe.repository.DataStore;
import java.time.Clock;

/**
 * Writes an audit entry for every create, update and delete of every repository, in the same
 * transaction: attached once to the repository tier, it hears all repositories.
 */
public final class AuditSubscriber {
  private final DataStore store;
  private final Clock clock;

  public AuditSubscriber(DataStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  void postCreate(EventArgs args) {
    record("create", args.lastResult(), User.from(args));
  }

  void postUpdate(EventArgs args) {
    record("update", args.entity(), User.from(args));
  }

  void postDelete(EventArgs args) {
    record("delete", args.entity(), User.from(args));
  }

  private void record(String action, Object entity, User user) {
    if (entity == null || entity instanceof AuditEntry) {
      return;
    }
    var model = store.model(entity.getClass());
    Object id = model.idOf(entity);
    store.currentUnitOfWork().orElseThrow().entityManager()
        .persist(new AuditEntry(action, model.displayName(), String.valueOf(id), clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS), user));
  }
}
