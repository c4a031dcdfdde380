package dev.scribe.bench.bulk;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves a Scribe application's servlet and adds up the CPU time of the threads while they serve its
 * requests: the working thread of an HTTP export or import, without the client's threads.
 */
final class TimedServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient HttpServlet delegate;
  private final AtomicLong cpu = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();

  TimedServlet(HttpServlet delegate) {
    this.delegate = delegate;
  }

  @Override
  public void init(ServletConfig config) throws ServletException {
    super.init(config);
    delegate.init(config);
  }

  @Override
  public void service(ServletRequest req, ServletResponse resp) throws ServletException, IOException {
    inFlight.incrementAndGet();
    long start = BulkRuns.THREADS.getCurrentThreadCpuTime();
    try {
      delegate.service(req, resp);
    } finally {
      cpu.addAndGet(BulkRuns.THREADS.getCurrentThreadCpuTime() - start);
      inFlight.decrementAndGet();
    }
  }

  /**
   * The CPU time spent serving so far, once no request is in flight (a client can read the last byte of an
   * answer before the serving thread has left the servlet).
   */
  long cpuNanos() {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      Thread.yield();
    }
    return cpu.get();
  }

  @Override
  public void destroy() {
    delegate.destroy();
  }
}
