package dev.scribe.repository;

import dev.scribe.core.Veto;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The outcome of a batch call: the records kept, in input order, and the records refused (only with
 * {@code ignoreErrors}; otherwise a refused record makes the whole call throw).
 *
 * @param <E> the entity type
 */
public final class BatchResult<E> {
  private final List<E> items;
  private final List<Veto.RecordError> failures;

  BatchResult(List<E> items, List<Veto.RecordError> failures) {
    // not List.copyOf: a processResults handler may put null as a record's result, which the call then returns
    this.items = Collections.unmodifiableList(new ArrayList<>(items));
    this.failures = List.copyOf(failures);
  }

  /** The results of the records kept, in input order, as the handlers left them (null where one put null). */
  public List<E> items() {
    return items;
  }

  /** The errors of the refused records, by index in the input. */
  public List<Veto.RecordError> failures() {
    return failures;
  }

  /** True when at least one record was refused (only possible with {@code ignoreErrors}). */
  public boolean hasFailures() {
    return !failures.isEmpty();
  }

  /** All failures as one batch veto, or null when there are none. */
  public Veto failureVeto() {
    return failures.isEmpty() ? null : Veto.ofRecords(failures);
  }

  @Override
  public String toString() {
    return "BatchResult[items=" + items.size() + ", failures=" + failures + "]";
  }
}
