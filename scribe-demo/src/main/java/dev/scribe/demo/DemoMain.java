package dev.scribe.demo;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the task-tracker demo: {@code java -jar scribe-demo.jar [--port N] [--bind ADDR] [--db PATH|mem|URL]
 * [--broker URL] [--exchange NAME] [--replay dead|INSTANT] [--trace] [--admin-password P] [--list-events]}, listening on 127.0.0.1 unless {@code --bind} says otherwise.
 * SIGTERM stops it gracefully: requests in flight finish, then the database closes. Exit code 2 for a bad flag.
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
    DemoApplication demo = DemoApplication.create(options);
    if (options.listEvents()) {
      System.out.print(demo.listEvents());
      demo.close();
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      demo.close();
      stopped.countDown();
    }, "scribe-demo-shutdown"));
    URI uri;
    try {
      uri = demo.serve();
    } catch (RuntimeException e) {
      // Without this the broker's and the pool's threads would keep a demo that never listened alive.
      System.err.println("scribe-demo: could not start: " + e);
      e.printStackTrace();
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
}
