package dev.scribe.controller.internal;

import dev.scribe.controller.ControllerTier;
import dev.scribe.core.Event;

/** Internal and unsupported: the controller tier's events the implementation fires besides the five actions'. */
public final class ControllerEvents {
  public static final Event ON_START = ControllerTier.TIER.event("onStart");
  public static final Event ON_INIT = ControllerTier.TIER.event("onInit");
  public static final Event ON_ERROR = ControllerTier.TIER.event("onError");
  public static final Event ON_PRE_EXPORT = ControllerTier.TIER.event("onPreExport");
  public static final Event ON_POST_EXPORT = ControllerTier.TIER.event("onPostExport");
  public static final Event ON_PRE_IMPORT = ControllerTier.TIER.event("onPreImport");
  public static final Event ON_POST_IMPORT = ControllerTier.TIER.event("onPostImport");

  private ControllerEvents() {}
}
