package dev.scribe.repository.internal.write;

import dev.scribe.core.Event;
import dev.scribe.repository.RepositoryTier;

/** The three write operations and the events each fires. */
enum Operation {
  CREATE("Create", true),
  UPDATE("Update", true),
  DELETE("Delete", false);

  final String verb;
  final boolean saves;
  final Event preBatch;
  final Event pre;
  final Event validate;
  final Event verify;
  final Event processResults;
  final Event post;
  final Event postBatch;

  Operation(String name, boolean saves) {
    this.verb = name.toLowerCase(java.util.Locale.ROOT);
    this.saves = saves;
    this.preBatch = RepositoryTier.TIER.event("pre" + name + "Batch");
    this.pre = RepositoryTier.TIER.event("pre" + name);
    this.validate = RepositoryTier.TIER.event("validate" + name);
    this.verify = RepositoryTier.TIER.event("verify" + name);
    this.processResults = RepositoryTier.TIER.event("processResults" + name);
    this.post = RepositoryTier.TIER.event("post" + name);
    this.postBatch = RepositoryTier.TIER.event("post" + name + "Batch");
  }

  /** True when the records' rows go to the database in JDBC batches at flush points (DESIGN §3). */
  boolean flushesInBatches() {
    return this != DELETE;
  }
}
