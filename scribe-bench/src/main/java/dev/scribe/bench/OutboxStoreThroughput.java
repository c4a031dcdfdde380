package dev.scribe.bench;

import dev.scribe.bench.http.BenchTask;
import dev.scribe.bench.http.BenchTaskRepository;
import dev.scribe.bench.outbox.Broker;
import dev.scribe.controller.Controller;
import dev.scribe.controller.RestApplication;
import dev.scribe.controller.ScribeServer;
import dev.scribe.core.Scribe;
import dev.scribe.outbox.Outbox;
import dev.scribe.outbox.OutboxSettings;
import dev.scribe.outbox.RabbitPublisher;
import dev.scribe.repository.DataStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Store throughput with the outbox on and off (issue 14: with ≤ 1.1 × the time without): {@code POST
 * /<side>/bench-tasks} through the controller tier, one task per request and so one unit of work per store,
 * on PostgreSQL (127.0.0.1:5432, database {@code test}, a schema of its own per side, dropped afterwards).
 * The side {@code on} has the outbox installed as an application runs it: each store writes its event in
 * its transaction and this instance's relay publishes it to RabbitMQ (127.0.0.1:5672, an exchange of its
 * own, deleted afterwards) while the stores go on; {@code off} has no outbox. Both sides are served by one
 * Jetty server. Client threads, each with its own keep-alive connection, send a block of stores to one side
 * and then to the other, the order turned every round, so that load coming and going on the machine slows
 * both alike; the first third of the rounds warms up, and the medians of the rest are compared. At the end
 * every event of the {@code on} side must have been published (the run fails otherwise).
 *
 * <pre>
 * java -cp scribe-bench/target/benchmarks.jar dev.scribe.bench.OutboxStoreThroughput [rounds, default 30] [stores per client per block, default 50] [clients, default 4]
 * </pre>
 */
public final class OutboxStoreThroughput {
  private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final byte[] BODY = "{\"title\":\"Write the benchmark\",\"priority\":3,\"done\":false}"
      .getBytes(StandardCharsets.UTF_8);

  private OutboxStoreThroughput() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.jboss.logging.provider", "slf4j");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int block = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int clients = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    String off = "bench_store_off_" + suffix;
    String on = "bench_store_on_" + suffix;
    String exchange = "scribe.bench.store." + suffix;
    createSchemas(off, on);
    DataStore offStore = store(off);
    DataStore onStore = store(on);
    Outbox outbox = Outbox.install(onStore, OutboxSettings.publishingTo(RabbitPublisher.create(Broker.ADDRESS, exchange)));
    ScribeServer server = ScribeServer.builder().port(0)
        .application("/off/*", application(offStore))
        .application("/on/*", application(onStore))
        .start();
    ExecutorService threads = Executors.newFixedThreadPool(clients);
    try {
      List<HttpClient> connections = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        connections.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build());
      }
      URI offUri = server.uri().resolve("/off/bench-tasks");
      URI onUri = server.uri().resolve("/on/bench-tasks");
      double[] offMicros = new double[rounds];
      double[] onMicros = new double[rounds];
      for (int round = 0; round < rounds; round++) {
        boolean onFirst = round % 2 == 0;
        double first = block(threads, connections, onFirst ? onUri : offUri, block);
        double second = block(threads, connections, onFirst ? offUri : onUri, block);
        onMicros[round] = onFirst ? first : second;
        offMicros[round] = onFirst ? second : first;
      }
      long stored = rounds * (long) block * clients;
      awaitPublished(outbox, stored);
      double offMedian = median(offMicros, rounds / 3);
      double onMedian = median(onMicros, rounds / 3);
      System.out.printf(Locale.ROOT, "outbox off: %.1f us per store (%.0f stores/s); outbox on, relaying: %.1f us per"
              + " store (%.0f stores/s); on / off time %.3f (target <= 1.1); %d clients, median of %d rounds;"
              + " %d events published%n", offMedian, 1e6 / offMedian, onMedian, 1e6 / onMedian, onMedian / offMedian,
          clients, rounds - rounds / 3, stored);
    } finally {
      threads.shutdownNow();
      server.close();
      outbox.close();
      onStore.close();
      offStore.close();
      dropSchemas(off, on);
      Broker.deleteExchange(exchange, null);
    }
  }

  /** The mean time per store of {@code block} stores by each client, the clients sending at once. */
  private static double block(ExecutorService threads, List<HttpClient> connections, URI uri, int block)
      throws Exception {
    List<Callable<Void>> senders = new ArrayList<>();
    for (HttpClient connection : connections) {
      senders.add(() -> {
        for (int i = 0; i < block; i++) {
          HttpResponse<byte[]> response = connection.send(HttpRequest.newBuilder(uri)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(BODY)).build(), HttpResponse.BodyHandlers.ofByteArray());
          if (response.statusCode() != 201) {
            throw new IllegalStateException("a store was answered " + response.statusCode() + ": "
                + new String(response.body(), StandardCharsets.UTF_8));
          }
        }
        return null;
      });
    }
    long start = System.nanoTime();
    for (Future<Void> sender : threads.invokeAll(senders)) {
      sender.get();
    }
    return (System.nanoTime() - start) / 1_000.0 / (block * (double) connections.size());
  }

  private static RestApplication application(DataStore store) {
    BenchTaskRepository tasks = store.register(new BenchTaskRepository());
    return RestApplication.builder(store).mount("bench-tasks", new Controller<>(tasks)).build();
  }

  private static DataStore store(String schema) {
    return DataStore.builder(Scribe.create())
        .jdbcUrl(POSTGRES + "?currentSchema=" + schema).username("postgres").password("")
        .property("hibernate.default_schema", schema)
        .schemaAction("create")
        .entities(BenchTask.class)
        .build();
  }

  private static void awaitPublished(Outbox outbox, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (outbox.counts().getOrDefault("PUBLISHED", 0L) < expected) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the relay had not published every store's event after 60 s: "
            + outbox.counts() + ", " + expected + " expected");
      }
      Thread.sleep(50);
    }
  }

  private static void createSchemas(String... schemas) throws Exception {
    try (Connection connection = DriverManager.getConnection(POSTGRES, "postgres", "");
         Statement statement = connection.createStatement()) {
      for (String schema : schemas) {
        statement.execute("CREATE SCHEMA " + schema);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("PostgreSQL is not reachable at " + POSTGRES + " as postgres: " + e.getMessage()
          + "; this benchmark needs it (and RabbitMQ at " + Broker.ADDRESS.getHost() + ":" + Broker.ADDRESS.getPort()
          + ")", e);
    }
  }

  private static void dropSchemas(String... schemas) throws Exception {
    try (Connection connection = DriverManager.getConnection(POSTGRES, "postgres", "");
         Statement statement = connection.createStatement()) {
      for (String schema : schemas) {
        statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  private static double median(double[] values, int skip) {
    double[] measured = Arrays.copyOfRange(values, skip, values.length);
    Arrays.sort(measured);
    return measured[measured.length / 2];
  }
}
