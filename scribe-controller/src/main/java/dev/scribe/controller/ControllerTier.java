package dev.scribe.controller;

import dev.scribe.core.Event;
import dev.scribe.core.Tier;

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
 * scribe.tier(ControllerTier.TIER).on("onPreStore", args -> args.params().putIfAbsent("status", "open"));
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
      .build();

  static final Event ON_START = TIER.event("onStart");
  static final Event ON_INIT = TIER.event("onInit");
  static final Event ON_ERROR = TIER.event("onError");
  static final Event ON_PRE_EXPORT = TIER.event("onPreExport");
  static final Event ON_POST_EXPORT = TIER.event("onPostExport");
  static final Event ON_PRE_IMPORT = TIER.event("onPreImport");
  static final Event ON_POST_IMPORT = TIER.event("onPostImport");

  private ControllerTier() {}
}
