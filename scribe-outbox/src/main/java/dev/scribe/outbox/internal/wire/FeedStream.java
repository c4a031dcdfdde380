package dev.scribe.outbox.internal.wire;

import dev.scribe.outbox.ChangeMessage;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open {@code GET /_scribe/changes} stream: its events wait in a buffer of at most {@code bufferBytes} and are
 * written without blocking as its client takes them, so that no thread waits on a slow or gone client. A client
 * that lets the buffer fill is dropped: what waits is discarded and the stream ends with {@code event: dropped}.
 */
final class FeedStream {
  private static final Logger LOG = LoggerFactory.getLogger(FeedStream.class);

  private final AsyncContext async;
  private final ServletOutputStream out;
  private final int bufferBytes;
  private final Consumer<FeedStream> onEnd;
  private final AtomicBoolean ended = new AtomicBoolean();
  /** The request's caller as its {@link dev.scribe.outbox.FeedAccess} named it, or null for anonymous. */
  final String caller;
  final HttpServletRequest request;
  /** What the caller may see; replaced at each check of the caller, read and applied by the dispatcher only. */
  UnaryOperator<ChangeMessage> view;
  /** When the caller was last checked and the stream last written to, by the dispatcher's clock. */
  long checkedAt;
  long writtenAt;

  private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
  private int pendingBytes;
  private boolean unflushed;
  private boolean ending;
  private boolean completed;

  FeedStream(AsyncContext async, String caller, UnaryOperator<ChangeMessage> view, int bufferBytes,
      Consumer<FeedStream> onEnd)
      throws IOException {
    this.async = async;
    this.request = (HttpServletRequest) async.getRequest();
    this.out = async.getResponse().getOutputStream();
    this.caller = caller;
    this.view = view;
    this.bufferBytes = bufferBytes;
    this.onEnd = onEnd;
    this.checkedAt = System.currentTimeMillis();
    this.writtenAt = checkedAt;
    async.setTimeout(0); // a stream has no end of its own; the connection's idle timeout still catches a gone client
    async.addListener(new AsyncListener() {
      @Override
      public void onComplete(AsyncEvent event) {
        release();
      }

      @Override
      public void onTimeout(AsyncEvent event) {
        close();
      }

      @Override
      public void onError(AsyncEvent event) {
        LOG.debug("change feed: a stream failed: {}", String.valueOf(event.getThrowable()));
        close();
      }

      @Override
      public void onStartAsync(AsyncEvent event) {
        // not started again
      }
    });
    out.setWriteListener(new WriteListener() {
      @Override
      public void onWritePossible() {
        pump();
      }

      @Override
      public void onError(Throwable failure) {
        LOG.debug("change feed: writing to a stream failed (its client left): {}", failure.toString());
        close();
      }
    });
  }

  /**
   * Queues {@code event} (whole Server-Sent Event lines with their blank line) for the client; false when the
   * stream has ended, or ends now because its client fell {@code bufferBytes} behind.
   */
  boolean send(String event) {
    byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
    synchronized (this) {
      if (ending || completed) {
        return false;
      }
      if (pendingBytes + bytes.length > bufferBytes && !pending.isEmpty()) {
        LOG.warn("change feed: the client of a stream{} fell {} bytes behind and is dropped",
            caller == null ? "" : " of " + caller, pendingBytes);
        pending.clear();
        pendingBytes = 0;
        queue(ChangeFeedServlet.fellBehind(bufferBytes).getBytes(StandardCharsets.UTF_8));
        ending = true;
        pump();
        release();
        return false;
      }
      queue(bytes);
      pump();
      return true;
    }
  }

  /** Ends the stream after what is queued, with {@code lastEvent} (or nothing more when null). */
  synchronized void end(String lastEvent) {
    if (ending || completed) {
      return;
    }
    if (lastEvent != null) {
      queue(lastEvent.getBytes(StandardCharsets.UTF_8));
    }
    ending = true;
    pump();
    release();
  }

  synchronized boolean isOpen() {
    return !ending && !completed;
  }

  private void queue(byte[] bytes) {
    pending.add(bytes);
    pendingBytes += bytes.length;
  }

  /** Writes what is queued while the connection takes it; called again by the container when it can take more. */
  private synchronized void pump() {
    if (completed) {
      return;
    }
    try {
      while (out.isReady()) {
        byte[] next = pending.poll();
        if (next != null) {
          pendingBytes -= next.length;
          out.write(next);
          unflushed = true;
        } else if (unflushed) {
          unflushed = false;
          out.flush();
        } else {
          if (ending) {
            close();
          }
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("change feed: writing to a stream failed (its client left): {}", e.toString());
      close();
    }
  }

  /** Completes the response at once, whatever is still queued. */
  synchronized void close() {
    ending = true;
    if (!completed) {
      completed = true;
      pending.clear();
      pendingBytes = 0;
      try {
        async.complete();
      } catch (IllegalStateException e) {
        LOG.debug("change feed: a stream was complete already: {}", e.toString());
      }
    }
    release();
  }

  /** Frees the stream's slot and leaves the dispatcher's list, once. */
  private void release() {
    if (ended.compareAndSet(false, true)) {
      onEnd.accept(this);
    }
  }
}
