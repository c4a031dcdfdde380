package dev.scribe.repository;

import dev.scribe.core.Event;
import dev.scribe.core.Tier;

/**
 * The repository tier's event catalogue. Each repository owns an event manager of this tier; its
 * convention-named methods are subscribed when it is registered with the data store.
 *
 * <p>Every create, update and delete call is a batch of one or more records and fires, for X in Create,
 * Update, Delete:
 * <pre>
 * preStart → preXBatch → [preX → validateX → verifyX → (entity events, SQL) → processResultsX → postX] per record
 *          → postXBatch → preStop
 * </pre>
 * The aggregates {@code preSave}, {@code validateSave}, {@code verifySave} and {@code postSave} fire
 * right after the matching Create or Update event. Reads fire {@code preStart} and {@code preStop} only.
 *
 * <p>{@code preStop} ends every call whose {@code preStart} fired, failed ones included: a call that fails stops
 * where it failed and fires {@code preStop} with the failure under {@link #EXCEPTION} (inside the unit of work,
 * which rolls back), then throws that same failure; a {@code preStop} handler's exception is added to it as
 * suppressed.
 *
 * <p>{@code scopeQuery} fires before every read and every lookup of an update or delete, with the caller
 * under {@code user} and a {@link RowScope} under {@value RowScope#ARGS_KEY}: the criteria its handlers add
 * restrict which rows exist for that call.
 */
public final class RepositoryTier {
  /** The catalogue: tier name {@code repository}. */
  public static final Tier TIER = Tier.builder("repository")
      .events("preStart", "preStop",
          "preCreateBatch", "preCreate", "validateCreate", "verifyCreate", "processResultsCreate", "postCreate",
          "postCreateBatch",
          "preUpdateBatch", "preUpdate", "validateUpdate", "verifyUpdate", "processResultsUpdate", "postUpdate",
          "postUpdateBatch",
          "preDeleteBatch", "preDelete", "validateDelete", "verifyDelete", "processResultsDelete", "postDelete",
          "postDeleteBatch",
          "preSave", "validateSave", "verifySave", "postSave",
          "scopeQuery")
      .handlerPrefixes("pre", "post", "validate", "verify", "processResults", "scope")
      .build();

  public static final Event PRE_START = TIER.event("preStart");
  public static final Event PRE_STOP = TIER.event("preStop");
  public static final Event PRE_SAVE = TIER.event("preSave");
  public static final Event VALIDATE_SAVE = TIER.event("validateSave");
  public static final Event VERIFY_SAVE = TIER.event("verifySave");
  public static final Event POST_SAVE = TIER.event("postSave");
  /** The name of the row-scope event. */
  public static final String SCOPE_QUERY_NAME = "scopeQuery";
  /** Fired before every read and every lookup of an update or delete; handlers restrict the {@link RowScope}. */
  public static final Event SCOPE_QUERY = TIER.event(SCOPE_QUERY_NAME);

  /** Args key of every read (list, count, find, forEach, bulk writes by query): the {@link Query}; {@code preStart} may add filters. */
  public static final String CRITERIA = "criteria";
  /** Args key of a list's {@code preStop}: the count of matching rows; a handler may replace it. */
  public static final String TOTAL = "total";
  /**
   * Args key of {@code preStop} when the call failed: the failure (a {@link Throwable}) the call throws once
   * the handlers ran; absent when the call succeeded. The same name as the controller's {@code onError} key.
   */
  public static final String EXCEPTION = "exception";

  /**
   * The {@link #EXCEPTION} the call failed with, or null when it did not fail; a {@link dev.scribe.core.UsageException}
   * when {@code args} is null.
   */
  public static Throwable exception(dev.scribe.core.EventArgs args) {
    if (args == null) {
      throw new dev.scribe.core.UsageException("RepositoryTier.exception(null): pass the event's args, e.g."
          + " RepositoryTier.exception(args) in a preStop handler");
    }
    return args.get(EXCEPTION, Throwable.class);
  }

  private RepositoryTier() {}
}
