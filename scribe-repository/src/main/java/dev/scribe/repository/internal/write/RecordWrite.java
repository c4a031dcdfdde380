package dev.scribe.repository.internal.write;

import dev.scribe.core.EventArgs;
import dev.scribe.core.Veto;

/** What one operation — create, update or delete — does to one record; {@link RecordLoop} does the rest. */
interface RecordWrite<E> {

  /** Puts the record's params (and, for an existing record, its id and entity) into its args; a veto refuses it. */
  void prepare(EventArgs record, Object input);

  /** Runs once before the first record of a batch call, with the records the batch event left. */
  default void batchStarted(java.util.List<?> records) {
  }

  /**
   * The record at {@code index} is left out of this run of the unit: the database refused it in an earlier run
   * (under {@code ignoreErrors}). What it named still counts for the records after it.
   */
  default void dropped(int index, Object input) {
  }

  /** Runs after the pre handlers, before the validate handlers. */
  default void afterPreHandlers(EventArgs record) {
  }

  /** The framework's own checks of the params (mass assignment, conversion, Bean Validation); null when none fail. */
  Veto check(EventArgs record);

  /** Writes the record: binds the params, persists, updates or removes its entity; returns the entity. */
  E write(EventArgs record);

  /** The record was refused after {@link #prepare}: what its handlers changed on a loaded entity is undone. */
  default void refused(EventArgs record) {
  }
}
