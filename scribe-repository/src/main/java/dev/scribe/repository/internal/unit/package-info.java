/**
 * Internal and unsupported: units of work — opening, committing and running again
 * ({@code Transactions}), the state one unit holds ({@code UnitState}), the records being handled and
 * where their rows are flushed, the scoped auto-flush before queries, and row and key locks. Not an API
 * for applications; it may change without notice.
 */
package dev.scribe.repository.internal.unit;
