package dev.scribe.outbox.internal.relay;

import java.time.Duration;

/** Wakes the relay early: a flag that survives a signal sent while the relay was busy. */
public final class WakeSignal {
  private boolean signalled;

  public synchronized void signal() {
    signalled = true;
    notifyAll();
  }

  /** Waits up to {@code timeout} for a signal; returns at once when one came since the last wait. */
  public synchronized void await(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!signalled) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      wait(Math.max(1, left / 1_000_000), 0);
    }
    signalled = false;
  }
}
