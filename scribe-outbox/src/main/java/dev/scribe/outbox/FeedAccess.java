package dev.scribe.outbox;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.UnaryOperator;

/**
 * Who sees what on the change feed: for each {@code GET /_scribe/changes} request, a filter that turns each
 * change into what the request's caller may see of it, or null when the change is out of the caller's rows.
 * {@link FieldPolicy} is one (everyone sees every row, some fields hidden); {@link ScopedFeedAccess} applies
 * the repositories' row scope and the field policy for the authenticated caller.
 *
 * <pre>{@code
 * HttpServlet changes = feed.servlet(request -> change -> change.aggregateType().equals("Secret") ? null : change);
 * }</pre>
 */
@FunctionalInterface
public interface FeedAccess {
  /**
   * The request attribute under which {@link #open} may leave the caller it found (a {@code dev.scribe.core.User}
   * or an id): the feed counts the streams of one caller by it, for {@link FeedLimits#maxStreamsPerCaller()}.
   * {@link ScopedFeedAccess} sets it; without it a stream counts as anonymous, towards the total bound only.
   */
  String CALLER = "dev.scribe.outbox.caller";

  /**
   * The filter of one stream, called when the request arrives and again every 15 seconds while its stream is
   * open, so that a token revoked or a role taken away since then counts: the stream shows what the latest
   * call's filter lets through (a filter that remembers what it has shown can keep its memory in a request
   * attribute, as {@link ScopedFeedAccess} does). A {@link RuntimeException} refuses the
   * request with 401 and its message (a missing or expired token, say); a {@link dev.scribe.core.Veto} with a
   * 4xx status with that status (a disabled account's 403); a failed statement (an {@code SQLException} or JPA
   * {@code PersistenceException}, the cause of the exception or itself) is a 500 whose message stays in the
   * server's log, and an unreachable database a 503. The filters of a servlet's streams are called by one
   * thread of the feed, one change at a time, so a filter may remember what it has shown; it should answer
   * quickly, since every stream waits for it (a filter that asks the database, as {@link ScopedFeedAccess} does,
   * may share one answer among the streams of one caller). A filter that throws on a change ends its stream with
   * {@code event: dropped}, saying changes were missed, so that its client reconnects and reloads: a change left
   * out would be missed without a word.
   */
  UnaryOperator<ChangeMessage> open(HttpServletRequest request);

  /**
   * Told the changes the feed is about to hand to the streams, in their order, before the first of them reaches a
   * filter: changes that arrive together (a batch of writes, a burst of stores) come in one call. A filter that asks
   * the database may then ask once for all of them, as {@link ScopedFeedAccess} does, one query per caller and
   * entity instead of one per change. Called by the feed's one thread; the default does nothing. A
   * {@link RuntimeException} is logged and the changes are handed out one at a time as without it.
   */
  default void upcoming(java.util.List<ChangeMessage> changes) {}
}
