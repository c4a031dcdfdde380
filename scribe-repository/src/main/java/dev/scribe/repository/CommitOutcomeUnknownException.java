package dev.scribe.repository;

/**
 * The connection to the database broke while it committed a unit of work, so whether the database stored
 * the unit's writes is unknown: it may have committed them just before the connection went. Neither the
 * unit's {@link UnitOfWork#afterCommit} nor its {@link UnitOfWork#afterRollback} actions run, since either
 * could be wrong, and no after-commit event is published (an outbox row, written in the same transaction,
 * shares the writes' fate). The controller answers 503 with {@code Retry-After} and
 * {@code "outcome": "unknown"}: a client should read the resource before sending a non-idempotent request
 * again. A {@code GET} or {@code HEAD}, which stores nothing a client could duplicate, gets a plain 503.
 *
 * <pre>{@code
 * try {
 *   tasks.create(Map.of("title", "x"));
 * } catch (CommitOutcomeUnknownException e) {
 *   // look for the task before creating it again
 * }
 * }</pre>
 */
public class CommitOutcomeUnknownException extends DatabaseUnavailableException {
  private static final long serialVersionUID = 1L;

  /** The commit that failed with {@code cause}; clients may retry after {@code retryAfterSeconds}. */
  public CommitOutcomeUnknownException(long retryAfterSeconds, Throwable cause) {
    super("the connection to the database broke while it committed: the write may or may not have been stored;"
        + " read it before sending it again; retry in " + Math.max(1, retryAfterSeconds) + " s", false,
        retryAfterSeconds, cause);
  }
}
