package dev.scribe.outbox.internal.wire;

import dev.scribe.core.Veto;
import dev.scribe.outbox.ChangeFeed;
import dev.scribe.outbox.ChangeMessage;
import dev.scribe.outbox.FeedAccess;
import dev.scribe.repository.DatabaseUnavailableException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that hands a servlet's changes to its streams: it takes each change once from the feed, asks
 * each stream's view what its caller may see of it, and queues the event on the stream, which writes it without
 * blocking. It also sends the keep-alive comment after {@link #HEARTBEAT_MILLIS} without a write, and checks each
 * stream's caller again as often. Writers never wait for it, and it never waits for a client.
 */
final class FeedDispatcher implements Runnable {
  static final long HEARTBEAT_MILLIS = 15_000;
  private static final Logger LOG = LoggerFactory.getLogger(FeedDispatcher.class);
  /** How long a wait for the next change lasts at most, so that beats and checks are not late. */
  private static final long TICK_MILLIS = 500;
  /** The most changes handed out together (see {@link FeedAccess#upcoming}). */
  static final int MAX_BATCH = 256;

  private final ChangeFeed feed;
  private final FeedAccess access;
  private final Set<FeedStream> streams = ConcurrentHashMap.newKeySet();
  private final Thread thread;
  private volatile boolean closed;
  private ChangeFeed.Subscription subscription;

  FeedDispatcher(ChangeFeed feed, FeedAccess access) {
    this.feed = feed;
    this.access = access;
    this.subscription = feed.subscribe();
    this.thread = new Thread(this, "scribe-change-feed-streams");
    thread.setDaemon(true);
    thread.start();
  }

  void add(FeedStream stream) {
    streams.add(stream);
    if (closed) {
      stream.close();
    }
  }

  void remove(FeedStream stream) {
    streams.remove(stream);
  }

  int size() {
    return streams.size();
  }

  @Override
  public void run() {
    try {
      while (!closed) {
        if (!subscription.isOpen()) {
          if (!subscription.dropped()) {
            break; // the feed closed
          }
          // dropped: the feed's connection to the broker was made again (or this thread fell behind), and the
          // changes meanwhile are lost to every stream open now, which is told so
          String why = subscription.droppedBecause();
          try {
            subscription = feed.subscribe();
          } catch (dev.scribe.core.UsageException closedMeanwhile) {
            break; // the feed closed after the drop: its streams end as when it closes
          }
          String dropped = ChangeFeedServlet.event("dropped", Map.of("detail", why == null ? "the change feed"
              + " restarted; connect again and reload what you show" : why));
          streams.forEach(stream -> stream.end(dropped));
          continue;
        }
        ChangeMessage change = subscription.poll(TICK_MILLIS);
        if (change != null) {
          // the changes already waiting go out together: the access may answer for all of them at once, where one
          // question to the database per change and caller left the streams tens of seconds behind a busy store
          List<ChangeMessage> batch = new ArrayList<>();
          batch.add(change);
          ChangeMessage next;
          while (batch.size() < MAX_BATCH && (next = subscription.poll(0)) != null) {
            batch.add(next);
          }
          announce(batch);
          for (ChangeMessage each : batch) {
            deliver(each);
          }
        }
        beat();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("change feed: the streams' dispatcher stopped; they end and their clients connect again", e);
    } finally {
      closed = true;
      subscription.close();
      streams.forEach(FeedStream::close);
      streams.clear();
    }
  }

  /** Tells the access the changes about to be handed out; its failure leaves each to be asked alone. */
  private void announce(List<ChangeMessage> batch) {
    try {
      access.upcoming(batch);
    } catch (RuntimeException e) {
      LOG.warn("change feed: the access failed on the {} changes about to be handed out; each is asked alone: {}",
          batch.size(), e.toString());
    }
  }

  /**
   * One change to every stream, each shown what its view lets through; the same event text is written once for
   * the streams whose views answer with the same message.
   */
  private void deliver(ChangeMessage change) {
    Map<ChangeMessage, String> events = new IdentityHashMap<>();
    long now = System.currentTimeMillis();
    for (FeedStream stream : streams) {
      ChangeMessage visible;
      try {
        visible = stream.view.apply(change);
      } catch (RuntimeException e) {
        // left out, the change was missed without a word: the client went on showing what it had replaced
        LOG.warn("change feed: the view of a stream failed on {} {}; the stream ends with 'dropped': {}",
            change.aggregateType(), change.aggregateId(), e.toString());
        stream.end(viewFailed(e));
        continue;
      }
      if (visible != null) {
        String event = events.computeIfAbsent(visible, shown -> "id: " + shown.id() + "\nevent: change\ndata: "
            + shown.payload().replace("\n", "\ndata: ") + "\n\n");
        stream.send(event);
        stream.writtenAt = now;
      }
    }
  }

  /**
   * The last event of a stream whose view could not decide what its caller may see of a change: the client learns
   * that it missed changes, and reconnects (as {@code EventSource} does) to reload what it shows.
   */
  static String viewFailed(RuntimeException failure) {
    String why = DatabaseUnavailableException.in(failure) != null
        ? "the database could not be asked whether this stream's caller may see a change"
        : "this stream's view failed on a change";
    return ChangeFeedServlet.event("dropped", Map.of("detail", why + ", so the stream was closed; changes were"
        + " missed: connect again and reload what you show"));
  }

  /** The keep-alive comment to the streams not written to for a beat, and the check of their callers. */
  private void beat() {
    long now = System.currentTimeMillis();
    for (FeedStream stream : streams) {
      if (now - stream.checkedAt >= HEARTBEAT_MILLIS) {
        stream.checkedAt = now;
        recheck(stream);
      }
      if (stream.isOpen() && now - stream.writtenAt >= HEARTBEAT_MILLIS) {
        // counted from the last write, not from the last change: changes this caller may not see, flowing
        // steadily, left its stream without a byte, closed by proxies for idleness and never noticing its client gone
        stream.send(": keep-alive\n\n");
        stream.writtenAt = now;
      }
    }
  }

  /**
   * The caller checked again: a token revoked or expired since the stream opened ends it, and what the caller may
   * see now is what the stream shows from here (an administrator demoted while watching sees what a user sees).
   */
  private void recheck(FeedStream stream) {
    try {
      UnaryOperator<ChangeMessage> now = access.open(stream.request);
      if (now != null) {
        stream.view = now;
      }
    } catch (RuntimeException e) {
      if (DatabaseUnavailableException.in(e) != null) {
        // not a verdict on the token: the stream goes on, and the caller is checked at the next beat
        LOG.debug("change feed: the caller of a stream could not be checked: {}", e.getMessage());
      } else if (ChangeFeedServlet.databaseFailure(e)) {
        // a failed statement is no verdict on the token (an 'unauthorized' logged the client out), and its text
        // is the server's to read
        String id = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
        LOG.error("the change feed could not check the caller of an open stream of {} (request id {})",
            stream.request.getRequestURI(), id, e);
        stream.end(ChangeFeedServlet.event("failed", Map.of("status", 500, "detail", "the change feed could not"
            + " check the caller; the server's log has the cause under request id " + id)));
      } else {
        // a refusal with a status of its own (a disabled account's 403) keeps it, as at the stream's start
        int status = e instanceof Veto && ((Veto) e).status() >= 400 && ((Veto) e).status() < 500
            ? ((Veto) e).status() : 401;
        stream.end(ChangeFeedServlet.event("unauthorized", Map.of("status", status, "detail",
            String.valueOf(e.getMessage()))));
      }
    }
  }

  /** Ends every stream (their clients see the end and connect again) and the thread. */
  void close() {
    closed = true;
    streams.forEach(FeedStream::close);
    thread.interrupt();
  }
}
