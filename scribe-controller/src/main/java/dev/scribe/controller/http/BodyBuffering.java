package dev.scribe.controller.http;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeoutException;
import dev.scribe.controller.http.problem.Problems;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Reads a request body without holding a thread before the servlet sees the request: chunks are
 * collected as they arrive (up to a limit) and the request is handed on only once the body is complete,
 * so a client that sends half a body and stalls pins no thread. A body that stalls until the idle
 * timeout is answered 408 (503 when it stalls while the server stops), a malformed one (bad chunking) 400; a body over the limit is handed on with
 * what arrived so far and read by the servlet as usual (which enforces its own size limit). A request whose
 * whole body was collected carries the attribute {@link #COMPLETE}: reading it never waits for its client. A
 * request sent with {@code Expect: 100-continue} is handed on before its body, which the client sends only when
 * asked: the application answers a refusal first, and asks for a body it takes.
 */
public final class BodyBuffering extends Handler.Wrapper {
  /** The request attribute (value {@code Boolean.TRUE}) of a request whose whole body is already in memory. */
  public static final String COMPLETE = "dev.scribe.body.complete";

  private final long limit;

  public BodyBuffering(long limit) {
    this.limit = limit;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (request.getLength() > limit) {
      // Declared too large to buffer: the application decides (typically 413) before anything is read,
      // so a client that sent Expect: 100-continue is not invited to send it.
      return super.handle(request, response, callback);
    }
    if (expectsContinue(request)) {
      // The client sends the body only once asked with 100 Continue, which reading it here would send whatever the
      // application answers: the application sees the request first, refuses what it refuses without the body,
      // and reads one it takes without a thread of its own (BodyCollector)
      return super.handle(request, response, callback);
    }
    new Loader(request, response, callback).run();
    return true;
  }

  private static boolean expectsContinue(Request request) {
    String expect = request.getHeaders().get(HttpHeader.EXPECT);
    return expect != null && expect.strip().equalsIgnoreCase("100-continue");
  }

  /** One request's chunks so far; runs again each time more content is available. */
  private final class Loader implements Runnable {
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final Deque<Content.Chunk> chunks = new ArrayDeque<>();
    private long size;
    /** True once {@link #run} runs as the request's demand callback rather than from {@link #handle}. */
    private boolean demanded;

    Loader(Request request, Response response, Callback callback) {
      this.request = request;
      this.response = response;
      this.callback = callback;
    }

    @Override
    public void run() {
      while (true) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          request.demand(() -> {
            demanded = true;
            run();
          });
          return;
        }
        if (Content.Chunk.isFailure(chunk)) {
          refuse(chunk.getFailure());
          return;
        }
        chunks.add(chunk);
        size += chunk.remaining();
        if (chunk.isLast()) {
          request.setAttribute(COMPLETE, Boolean.TRUE);
          dispatch();
          return;
        }
        if (size > limit) {
          if (demanded) {
            // The servlet will block reading the rest of the body; blocking inside the demand callback would
            // keep the connection from reading it (the callback's thread is the one that fills), so it runs on
            // a thread of its own.
            request.getContext().execute(this::dispatch);
          } else {
            dispatch();
          }
          return;
        }
      }
    }

    private void dispatch() {
      Request replay = new Replay(request, chunks);
      try {
        if (!BodyBuffering.super.handle(replay, response, callback)) {
          Response.writeError(replay, response, callback, 404);
        }
      } catch (Throwable failure) {
        if (response.isCommitted()) {
          callback.failed(failure);
        } else {
          Response.writeError(replay, response, callback, failure);
        }
      }
    }

    private void refuse(Throwable failure) {
      chunks.forEach(Content.Chunk::release);
      chunks.clear();
      int status;
      String message;
      if (failure instanceof TimeoutException && Problems.serverStopping(request)) {
        // Jetty cuts a request that makes no progress for a second once the server stops: not the client's fault
        // (the error handler words the 503: the server is shutting down, retry shortly)
        status = 503;
        message = "the server is stopping";
        response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
      } else if (failure instanceof TimeoutException) {
        status = 408;
        message = "the request body did not arrive within the idle timeout; send the whole body without pausing";
      } else if (failure instanceof HttpException) {
        status = ((HttpException) failure).getCode();
        message = failure.getMessage();
      } else {
        status = 400;
        message = "the body could not be read: the connection failed before it was complete";
      }
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
      Response.writeError(request, response, callback, status, message);
    }
  }

  /** The request with its collected chunks read first, then whatever the connection still has. */
  private static final class Replay extends Request.Wrapper {
    private final Deque<Content.Chunk> chunks;

    Replay(Request request, Deque<Content.Chunk> chunks) {
      super(request);
      this.chunks = chunks;
    }

    @Override
    public Content.Chunk read() {
      synchronized (chunks) {
        Content.Chunk chunk = chunks.poll();
        if (chunk != null) {
          return chunk;
        }
      }
      return super.read();
    }

    @Override
    public void demand(Runnable demandCallback) {
      boolean buffered;
      synchronized (chunks) {
        buffered = !chunks.isEmpty();
      }
      if (buffered) {
        getContext().execute(demandCallback);
      } else {
        super.demand(demandCallback);
      }
    }
  }
}
