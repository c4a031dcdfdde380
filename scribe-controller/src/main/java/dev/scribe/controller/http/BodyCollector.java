package dev.scribe.controller.http;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Reads the body of a request sent with {@code Expect: 100-continue} once the servlet has decided it needs it,
 * without holding a thread: the servlet's first pass checks what needs no body (route, method, caller,
 * {@code Accept}, {@code Content-Type}) and answers a refusal before the client is invited to send; a request it
 * takes throws {@link Pending}, the body is collected as it arrives (the read asks the client for it with
 * {@code 100 Continue}), and the request is dispatched again with the bytes under {@link #BYTES}, or the failure
 * that cut them off under {@link #FAILURE}. At most {@code limit + 1} bytes are kept: more is a 413 there.
 */
final class BodyCollector implements ReadListener {
  /** The request attribute holding the collected body ({@code byte[]}). */
  static final String BYTES = "dev.scribe.body.collected";
  /** The request attribute holding why the body could not be collected ({@code Throwable}). */
  static final String FAILURE = "dev.scribe.body.failure";

  /** Thrown by the servlet's first pass when it needs a body that has not been sent yet. */
  static final class Pending extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Pending() {
      super("the request body is read before the request is handled", null, false, false);
    }
  }

  private final HttpServletRequest request;
  private final AsyncContext async;
  private final ServletInputStream in;
  private final long limit;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final byte[] buffer = new byte[16 * 1024];
  private volatile boolean done;

  private BodyCollector(HttpServletRequest request, AsyncContext async, ServletInputStream in, long limit) {
    this.request = request;
    this.async = async;
    this.in = in;
    this.limit = limit;
  }

  /** Starts collecting the body of {@code request}; the servlet is called again once it is complete. */
  static void collect(HttpServletRequest request, long limit) throws IOException {
    AsyncContext async = request.startAsync();
    async.setTimeout(0); // the connection's idle timeout ends a body that stalls
    ServletInputStream in = request.getInputStream();
    in.setReadListener(new BodyCollector(request, async, in, limit));
  }

  @Override
  public void onDataAvailable() throws IOException {
    while (!done && in.isReady()) {
      int n = in.read(buffer);
      if (n < 0) {
        return;
      }
      bytes.write(buffer, 0, n);
      if (bytes.size() > limit) {
        finish(BYTES, bytes.toByteArray());
        return;
      }
    }
  }

  @Override
  public void onAllDataRead() {
    finish(BYTES, bytes.toByteArray());
  }

  @Override
  public void onError(Throwable failure) {
    finish(FAILURE, failure);
  }

  private synchronized void finish(String attribute, Object value) {
    if (done) {
      return;
    }
    done = true;
    request.setAttribute(attribute, value);
    async.dispatch();
  }
}
