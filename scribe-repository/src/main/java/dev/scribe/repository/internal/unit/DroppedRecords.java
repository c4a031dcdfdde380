package dev.scribe.repository.internal.unit;

import dev.scribe.core.Veto;
import dev.scribe.repository.DataStore;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The records of {@code ignoreErrors} batches that the database refused at a flush, within one
 * {@link DataStore#retrying} loop. A refusal at a flush leaves the unit of work unusable (its statements were
 * rolled back to the group's savepoint, Hibernate's queue is spent), so the batch cannot just go on
 * without the record: the unit is rolled back and run again, and the batch call then leaves the refused
 * records out from the start and reports them, under their indexes, with the records its checks refused.
 */
public final class DroppedRecords {
  /** More records dropped than this in one loop: the batch is given up, as without {@code ignoreErrors}. */
  static final int MAX_RUNS = 100;

  private final Map<String, SortedMap<Integer, Veto>> byCall = new HashMap<>();
  private int count;

  /** The refusals of the batch call {@code call} (its path and operation) in earlier runs, by index. */
  public SortedMap<Integer, Veto> of(String call) {
    SortedMap<Integer, Veto> dropped = byCall.get(call);
    return dropped == null ? java.util.Collections.emptySortedMap() : dropped;
  }

  /** Remembers a refused record; false when the loop has dropped too many to run again. */
  boolean add(Dropped dropped) {
    if (++count > MAX_RUNS) {
      return false;
    }
    byCall.computeIfAbsent(dropped.call, call -> new TreeMap<>()).put(dropped.index, dropped.refusal);
    return true;
  }

  /** Thrown out of the unit of work so that {@link DataStore#retrying} runs it again without the record. */
  public static final class Dropped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final String call;
    final int index;
    final transient Veto refusal;
    /** What the caller gets when the unit cannot run again: the batch failing with this record. */
    final transient RuntimeException reported;

    public Dropped(String call, int index, Veto refusal, RuntimeException reported) {
      super("record " + index + " of " + call + " was refused by the database; the unit runs again without it",
          reported, false, false);
      this.call = call;
      this.index = index;
      this.refusal = refusal;
      this.reported = reported;
    }

    /** What the caller gets when the unit cannot run again: the batch failing with this record. */
    public RuntimeException reported() {
      return reported;
    }
  }
}
