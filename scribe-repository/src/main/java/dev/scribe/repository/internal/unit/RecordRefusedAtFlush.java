package dev.scribe.repository.internal.unit;

import dev.scribe.repository.ConstraintConflictException;

/**
 * The database refused a row at a flush point, and the row was found to belong to the outermost record
 * {@code index} of the running call. The outermost call reports it as that record's failure, exactly as
 * if the record had been written on its own; nested calls let it pass.
 */
public final class RecordRefusedAtFlush extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int index;
  private final transient RuntimeException refusal;

  RecordRefusedAtFlush(int index, RuntimeException refusal) {
    super("record " + index + " was refused at a flush: " + refusal.getMessage(), refusal, false, false);
    this.index = index;
    this.refusal = refusal;
  }

  public int index() {
    return index;
  }

  /** The translated failure: a {@link ConstraintConflictException} for a refused constraint. */
  public RuntimeException refusal() {
    return refusal;
  }
}
