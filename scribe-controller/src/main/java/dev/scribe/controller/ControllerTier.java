package dev.scribe.controller;

import dev.scribe.core.Event;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Tier;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The controller tier's event catalogue: {@code onStart} once when the application starts,
 * {@code onInit} before every action, {@code onPre*} / {@code onPost*} around each of the five actions,
 * and {@code onError} when an action fails; {@code onAuthorize} before all of them, for custom access rules
 * (see {@link Access}); {@code onPreExport} / {@code onPostExport} around an export, {@code onPreImport} /
 * {@code onPostImport} around an import; {@code onPreUpload} / {@code onPostUpload}, {@code onPreDownload} /
 * {@code onPostDownload}, {@code onPreDeleteFile} / {@code onPostDeleteFile} and {@code onPreListFiles} /
 * {@code onPostListFiles} around the file actions ({@link Controller#attachments}). Handler methods start
 * with {@code on}.
 *
 * <pre>{@code
 * scribe.tier(ControllerTier.TIER).on("onPreStore", args -> {
 *   for (Map<String, Object> record : Controller.records(args)) {   // one record, or each record of a batch
 *     record.putIfAbsent("status", "open");
 *   }
 * });
 * }</pre>
 */
public final class ControllerTier {
  /** The tier named {@code controller}. */
  public static final Tier TIER = Tier.builder("controller")
      .events("onStart", "onInit",
          "onPreIndex", "onPostIndex",
          "onPreStore", "onPostStore",
          "onPreShow", "onPostShow",
          "onPreUpdate", "onPostUpdate",
          "onPreDestroy", "onPostDestroy",
          "onError",
          "onAuthorize",
          "onPreExport", "onPostExport",
          "onPreImport", "onPostImport",
          "onPreUpload", "onPostUpload",
          "onPreDownload", "onPostDownload",
          "onPreDeleteFile", "onPostDeleteFile",
          "onPreListFiles", "onPostListFiles")
      .handlerPrefixes("on")
      // a custom action's events (onPreComplete, onPostComplete), which a binding file may name
      .ownerEvents("on(Pre|Post)[A-Z][A-Za-z0-9]*")
      .build();

  static final Event ON_START = TIER.event("onStart");
  static final Event ON_INIT = TIER.event("onInit");
  static final Event ON_ERROR = TIER.event("onError");
  static final Event ON_PRE_EXPORT = TIER.event("onPreExport");
  static final Event ON_POST_EXPORT = TIER.event("onPostExport");
  static final Event ON_PRE_IMPORT = TIER.event("onPreImport");
  static final Event ON_POST_IMPORT = TIER.event("onPostImport");

  // ---- args keys the controller tier owns (the ones every tier uses are on EventArgs) ----

  /** Args key of every action: the controller's options for the path. */
  public static final String CONTROLLER_OPTIONS = "controllerOptions";
  /** Args key of every action: overrides handed to the repository ({@code ignoreErrors}, {@code rejectUnknownFields}). */
  public static final String OVERRIDES = "overrides";
  /** Args key of every action: a map merged into the response body. */
  public static final String DIRECTIVE = "directive";
  /** Args key of {@code onError} and auth failures: what failed. */
  public static final String EXCEPTION = "exception";
  /** Args key of {@code onError} and auth failures: the HTTP status about to be sent. */
  public static final String STATUS = "status";
  /** Args key of {@code onError} and auth failures: the problem body, mutable. */
  public static final String ERROR = "error";
  /** Args key of {@code onError} and auth failures: the response headers about to be sent, mutable. */
  public static final String HEADERS = "headers";
  /** Args key of the write actions: true when the body was an array (a batch), false for one record. */
  public static final String BATCH = "batch";
  /** Args key of a bulk update or delete by query: true. */
  public static final String BULK = "bulk";
  /** Args key of export and import events: the file's format ({@code csv}, {@code json}, …). */
  public static final String FORMAT = "format";
  /** Args key of {@code onPostExport}: the rows written. */
  public static final String COUNT = "count";
  /** Args key of import events: the file's columns. */
  public static final String COLUMNS = "columns";
  /**
   * Args key of import events: how many rows the file has, a {@code Long}; the rows themselves reach
   * {@code onPreStore} chunk by chunk, as its {@code params}.
   */
  public static final String ROWS = "rows";
  /** Args key of import events and the repository events of an import: true when nothing is written. */
  public static final String DRY_RUN = "dryRun";
  /** Args key of import events: whether refused rows are reported and the others kept. */
  public static final String IGNORE_ERRORS = "ignoreErrors";
  /** Args key of import events: the rows per unit of work. */
  public static final String CHUNK_SIZE = "chunkSize";
  /** Args key of the repository events of an import: true. */
  public static final String IMPORT = "import";
  /** Args key of a nested resource's actions: the parent record's id. */
  public static final String PARENT_ID = "parentId";
  /** Args key of a nested resource's actions: the attribute that holds the parent. */
  public static final String PARENT_ATTRIBUTE = "parentAttribute";
  /** Args key of file events: the file addressed. */
  public static final String FILE_NAME = "fileName";
  /** Args key of {@code onPreUpload}: the file's media type. */
  public static final String CONTENT_TYPE = "contentType";
  /** Args key of upload events: the file's size in bytes (null before an upload whose size is not declared). */
  public static final String SIZE = "size";
  /** Args key of upload events: true when the upload replaces a stored file. */
  public static final String REPLACE = "replace";
  /** Args key of file events: the stored file, a map. */
  public static final String FILE = "file";
  /** Args key of download events: true for a {@code HEAD}. */
  public static final String HEAD = "head";
  /** Args key of {@code onPostDownload}: true when a 304 is sent. */
  public static final String NOT_MODIFIED = "notModified";
  /** Args key of {@code onPostDownload}: the {@code Content-Range} sent, or null. */
  public static final String RANGE = "range";

  /**
   * The {@link #DIRECTIVE} map merged into the response body; created on first use. An
   * {@link dev.scribe.core.ArgsContractException} naming the key when a handler put something else than a map
   * there, a {@link dev.scribe.core.UsageException} when {@code args} is null.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> directive(EventArgs args) {
    Map<String, Object> directive = required(args, "directive").get(DIRECTIVE, Map.class);
    if (directive == null) {
      directive = new LinkedHashMap<>();
      args.put(DIRECTIVE, directive);
    }
    return directive;
  }

  /**
   * The {@link #EXCEPTION} an error event is about, or null; an {@link dev.scribe.core.ArgsContractException}
   * when the key holds something else than a {@code Throwable}, a {@link dev.scribe.core.UsageException} when
   * {@code args} is null.
   */
  public static Throwable exception(EventArgs args) {
    return required(args, "exception").get(EXCEPTION, Throwable.class);
  }

  private static EventArgs required(EventArgs args, String accessor) {
    if (args == null) {
      throw new dev.scribe.core.UsageException("ControllerTier." + accessor + "(null): pass the event's args, e.g."
          + " ControllerTier." + accessor + "(args) in a handler");
    }
    return args;
  }

  private ControllerTier() {}
}
