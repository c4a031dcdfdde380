package dev.scribe.demo;

import dev.scribe.repository.Repository;

/** The audit trail; served read-only, written by {@link AuditSubscriber}. */
public class AuditRepository extends Repository<AuditEntry, Long> {}
