package dev.scribe.controller;

import dev.scribe.core.Option;
import dev.scribe.repository.RepositoryOptions;
import java.util.List;

/**
 * The controller tier's options, each with its type and its default, set with {@link Controller#configure}.
 * {@link Controller#DEFAULT_OPTIONS} is built from them; their types are checked when the controller is
 * configured and when the application is built. The access and field-policy options are on {@link Access}
 * and {@link FieldPolicy}; {@code rejectUnknownFields} is the repository's
 * ({@link RepositoryOptions#REJECT_UNKNOWN_FIELDS}), handed on when set. docs/reference.md lists them.
 */
public final class ControllerOptions {
  /** False answers 405 to a store. */
  public static final Option<Boolean> INSERTABLE = Option.bool("insertable", true);
  /** False answers 405 to an update. */
  public static final Option<Boolean> EDITABLE = Option.bool("editable", true);
  /** False answers 405 to a destroy. */
  public static final Option<Boolean> DELETABLE = Option.bool("deletable", true);
  /** The page size when a request asks for none. */
  public static final Option<Integer> DEFAULT_PAGE_SIZE = Option.integer("defaultPageSize", 20);
  /** Larger page sizes are a 400. */
  public static final Option<Integer> MAX_PAGE_SIZE = Option.integer("maxPageSize", 100);
  /** False, true or a URL template: where {@code Location} points after a store. */
  public static final Option<Object> CREATE_NEXT = new Option<>("createNext", Object.class, false);
  /** A URL template: where {@code Location} points after an update (default none). */
  public static final Option<Object> UPDATE_NEXT = new Option<>("updateNext", Object.class, null);
  /** A URL template: where {@code Location} points after a destroy (default none). */
  public static final Option<Object> DELETE_NEXT = new Option<>("deleteNext", Object.class, null);
  /** A batch keeps its valid records and reports the others. */
  public static final Option<Boolean> IGNORE_ERRORS = Option.bool("ignoreErrors", false);
  /** Attributes absent from every answer, embed, filter, sort, count and field list of the path. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static final Option<List<?>> HIDDEN_FIELDS = new Option<>("hiddenFields", (Class) List.class, List.of());
  /** A larger batch is a 413 before anything is written. */
  public static final Option<Integer> MAX_BATCH_SIZE = Option.integer("maxBatchSize", 10_000);
  /** An update without {@code If-Match} that loses a race runs again this often before a 409. */
  public static final Option<Integer> UPDATE_RETRIES = Option.integer("updateRetries", 5);
  /** Rows per unit of work of an import. */
  public static final Option<Integer> IMPORT_CHUNK_SIZE = Option.integer("importChunkSize", 500);
  /** An import of more rows runs as a job. */
  public static final Option<Integer> IMPORT_ASYNC_ROWS = Option.integer("importAsyncRows", 1000);
  /** A larger import body is a 413. */
  public static final Option<Integer> MAX_IMPORT_BYTES = Option.integer("maxImportBytes", 16 << 20);
  /** Entries kept in an import's report. */
  public static final Option<Integer> MAX_IMPORT_REPORT = Option.integer("maxImportReport", 1000);
  /** A larger attachment is a 413 naming the limit. */
  public static final Option<Long> MAX_FILE_BYTES = new Option<>("maxFileBytes", Long.class, 10L << 20);
  /** The media types attachments may have ({@code image/*} for a family); default any. */
  public static final Option<Object> FILE_TYPES = new Option<>("fileTypes", Object.class, null);

  private ControllerOptions() {}
}
