package dev.scribe.demo;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the task-tracker demo: {@code java -jar scribe-demo.jar [--port N] [--bind ADDR] [--db PATH|mem|URL]
 * [--broker URL] [--exchange NAME] [--replay dead|INSTANT] [--trusted-proxies LIST] [--trace] [--admin-password P]
 * [--list-events]}, listening on 127.0.0.1 unless {@code --bind} says otherwise.
 * SIGTERM (or Ctrl-C) stops it gracefully: requests in flight finish, then the database closes, and it exits with
 * code 0 (1 when the stop itself failed). Exit code 2 for a bad flag.
 */
public final class DemoMain {
  private DemoMain() {}

  public static void main(String[] args) throws InterruptedException {
    // Hibernate logs through jboss-logging, which would pick java.util.logging without this hint.
    System.setProperty("org.jboss.logging.provider", "slf4j");
    DemoOptions options;
    try {
      options = DemoOptions.parse(List.of(args));
    } catch (IllegalArgumentException e) {
      System.err.println("scribe-demo: " + e.getMessage());
      System.err.println(DemoOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.println(DemoOptions.USAGE);
      return;
    }
    DemoApplication demo;
    try {
      demo = DemoApplication.create(options);
    } catch (RuntimeException e) {
      System.err.println("scribe-demo: could not start: " + describe(e));
      System.exit(1);
      return;
    }
    if (options.listEvents()) {
      System.out.print(demo.listEvents());
      demo.close();
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        demo.close();
      } catch (RuntimeException e) {
        System.err.println("scribe-demo: the stop failed: " + describe(e));
        Runtime.getRuntime().halt(1);
      }
      stopped.countDown();
    }, "scribe-demo-shutdown"));
    StopSignals.exitZero();
    URI uri;
    try {
      uri = demo.serve();
    } catch (DemoApplication.AdminPasswordRefused refused) {
      // the admin account is created as the demo starts serving: an --admin-password its rules refuse
      System.err.println("scribe-demo: --admin-password: " + refused.getMessage());
      System.err.println(DemoOptions.USAGE);
      System.exit(2);
      return;
    } catch (RuntimeException e) {
      // Without this the broker's and the pool's threads would keep a demo that never listened alive.
      System.err.println("scribe-demo: could not start: " + describe(e));
      System.exit(1);
      return;
    }
    long startedMillis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    if (demo.generatedAdminPassword() != null) {
      System.out.println("Created the account '" + AdminAccount.NAME + "' (role admin) with the password "
          + demo.generatedAdminPassword() + " - shown this once; log in with POST /auth/login, or choose it with --admin-password");
    }
    System.out.println("Scribe demo listening on " + uri + " (database: " + options.databaseDescription()
        + (options.broker() == null ? "" : "; outbox relayed to " + options.broker().getHost() + ":"
            + options.broker().getPort() + " exchange " + options.exchange())
        + "; started in " + startedMillis + " ms)");
    if (options.broker() != null) {
      System.out.println("Changes of every instance: " + uri.resolve(DemoApplication.CHANGES_PATH)
          + " (Server-Sent Events)");
    }
    System.out.println("Console: " + uri.resolve("/_scribe/") + " (events and the last requests, handler by handler)");
    stopped.await();
  }

  /**
   * A start-up failure in a line or two: its message and, when another lies beneath it, the root cause's
   * (a read-only directory, a database another process has open, a port in use) — not a stack trace.
   */
  static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String top = failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    if (root == failure || root.getMessage() == null || top.contains(root.getMessage())) {
      return top;
    }
    return top + "\n  because: " + root.getMessage().lines().findFirst().orElse("");
  }
}
