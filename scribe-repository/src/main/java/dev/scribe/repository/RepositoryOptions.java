package dev.scribe.repository;

import dev.scribe.core.Option;
import java.util.Collection;

/**
 * The repository tier's options, each with its type and its default, set with {@link Repository#configure}
 * or per call with {@link CallOptions} overrides. docs/reference.md lists them.
 */
public final class RepositoryOptions {
  /** Keep the valid records of a batch; the refused ones come back in {@link BatchResult#failures()}. */
  public static final Option<Boolean> IGNORE_ERRORS = Option.bool("ignoreErrors", false);
  /** False ignores params keys that are not attributes. */
  public static final Option<Boolean> REJECT_UNKNOWN_FIELDS = Option.bool("rejectUnknownFields", true);
  /** Attributes hidden from the caller: a refusal's list of settable fields leaves them out (default none). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static final Option<Collection<?>> HIDDEN_FIELDS = new Option<>("hiddenFields", (Class) Collection.class, null);
  /** An unconditional update locks its row when it loads it. */
  public static final Option<Boolean> LOCK_ON_UPDATE = Option.bool("lockOnUpdate", true);
  /** Bulk update / delete by query refuses more rows than this. */
  public static final Option<Integer> MAX_BULK_ROWS = Option.integer("maxBulkRows", 10_000);
  /** Rows loaded per page by bulk writes. */
  public static final Option<Integer> BULK_PAGE_SIZE = Option.integer("bulkPageSize", 500);
  /** JDBC fetch size of an export's scrolling query. */
  public static final Option<Integer> SCROLL_FETCH_SIZE = Option.integer("scrollFetchSize", 500);

  private RepositoryOptions() {}
}
