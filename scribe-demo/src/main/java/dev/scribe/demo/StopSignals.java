package dev.scribe.demo;

import java.util.List;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a request to stop, answered with exit code 0 once the shutdown hook has stopped the demo.
 * The JVM's own handlers exit with 143 and 130 (128 + the signal), which a service manager (systemd without
 * {@code SuccessExitStatus=143}, a supervisor, a CI step) reads as a crash although the stop was orderly.
 */
final class StopSignals {
  private StopSignals() {}

  /** Replaces the JVM's handlers; a signal the process was started with ignored stays ignored (the JVM keeps it so). */
  static void exitZero() {
    for (String name : List.of("TERM", "INT")) {
      try {
        Signal.handle(new Signal(name), signal -> System.exit(0));
      } catch (IllegalArgumentException unavailable) {
        // the JVM runs with -Xrs or the platform has no such signal: its default exit code stays
      }
    }
  }
}
