package dev.scribe.demo.audit;

import dev.scribe.core.EventArgs;
import dev.scribe.demo.tasks.Owners;
import dev.scribe.repository.Repository;

/** The audit trail; served read-only, written by {@link AuditSubscriber}. */
public class AuditRepository extends Repository<AuditEntry, Long> {
  /** Each caller reads the entries of its own writes (anonymous callers those of anonymous writes); admins all. */
  void scopeQuery(EventArgs args) {
    Owners.scope(args, "userId");
  }
}
