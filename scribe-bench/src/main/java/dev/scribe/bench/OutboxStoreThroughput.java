package dev.scribe.bench;

import dev.scribe.bench.http.BenchTask;
import dev.scribe.bench.http.BenchTaskRepository;
import dev.scribe.bench.outbox.Broker;
import dev.scribe.bench.outbox.CpuTime;
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
import java.util.Map;
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
 * <p>Each block is followed by a pause of {@value #SETTLE_MILLIS} ms, outside its time, in which the relay
 * publishes the block's rows; the processor time of the block and its pause is counted for its side: this
 * JVM's (all of it, and without its JIT compiler threads, which compile through the whole run), and that of
 * the PostgreSQL backends of both sides' connections (named by {@code ApplicationName}, read from
 * {@code /proc} when PostgreSQL runs on this machine). On a machine busy with other work the wall-clock
 * ratio moves with that work; the processor time per store moves much less.
 *
 * <pre>
 * java -cp scribe-bench/target/benchmarks.jar dev.scribe.bench.OutboxStoreThroughput [rounds, default 30] [stores per client per block, default 50] [clients, default 4]
 * </pre>
 */
public final class OutboxStoreThroughput {
  private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";
  /** After each block: time for the relay to publish the block's rows (its linger is 25 ms). */
  private static final long SETTLE_MILLIS = 100;
  /** The names of the relay's thread and of the RabbitMQ client's, as the kernel keeps them (15 characters). */
  private static final String RELAY_THREADS = "scribe-outbox-r";
  private static final String BROKER_THREADS = "AMQP Connectio";
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
    String application = "bench_store_" + suffix;
    DataStore offStore = store(off, application);
    DataStore onStore = store(on, application);
    CpuTime cpu = new CpuTime(POSTGRES, "postgres", application);
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
      Cpu offCpu = new Cpu();
      Cpu onCpu = new Cpu();
      for (int round = 0; round < rounds; round++) {
        boolean onFirst = round % 2 == 0;
        boolean measured = round >= rounds / 3;
        double first = block(threads, connections, onFirst ? onUri : offUri, block, cpu, measured ? (onFirst ? onCpu : offCpu) : null);
        double second = block(threads, connections, onFirst ? offUri : onUri, block, cpu, measured ? (onFirst ? offCpu : onCpu) : null);
        onMicros[round] = onFirst ? first : second;
        offMicros[round] = onFirst ? second : first;
      }
      long stored = rounds * (long) block * clients;
      awaitPublished(outbox, stored);
      double offMedian = median(offMicros, rounds / 3);
      double onMedian = median(onMicros, rounds / 3);
      long measuredStores = (rounds - rounds / 3) * (long) block * clients;
      System.out.printf(Locale.ROOT, "outbox off: %.1f us per store (%.0f stores/s); outbox on, relaying: %.1f us per"
              + " store (%.0f stores/s); on / off time %.3f (target <= 1.1); %d clients, median of %d rounds;"
              + " %d events published%n", offMedian, 1e6 / offMedian, onMedian, 1e6 / onMedian, onMedian / offMedian,
          clients, rounds - rounds / 3, stored);
      Double offWork = offCpu.work(measuredStores);
      Double onWork = onCpu.work(measuredStores);
      System.out.printf(Locale.ROOT, "processor time per store, off: %s; on: %s%n", offCpu.describe(measuredStores),
          onCpu.describe(measuredStores));
      long settles = settles(on, outbox.table());
      System.out.printf(Locale.ROOT, "the relay settled the %d events in %d statements (%.1f events each)%n", stored,
          settles, stored / (double) settles);
      if (offWork != null && onWork != null) {
        System.out.printf(Locale.ROOT, "processor time per store without the JIT compilers (JVM and PostgreSQL): off"
            + " %.1f us, on %.1f us; on / off %.3f%n", offWork, onWork, onWork / offWork);
      }
    } finally {
      cpu.close();
      threads.shutdownNow();
      server.close();
      outbox.close();
      onStore.close();
      offStore.close();
      dropSchemas(off, on);
      Broker.deleteExchange(exchange, null);
    }
  }

  /**
   * The mean time per store of {@code block} stores by each client, the clients sending at once. When
   * {@code spent} is given, the processor time of the block and of a pause after it is added to it: the
   * pause lets the relay publish the block's rows, so that its work is counted with the block that caused
   * it and does not compete with the next one.
   */
  private static double block(ExecutorService threads, List<HttpClient> connections, URI uri, int block,
      CpuTime cpu, Cpu spent) throws Exception {
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
    long jvm = CpuTime.jvm();
    Map<String, Long> jvmThreads = CpuTime.jvmThreadsButCompilers();
    long backends = cpu.backends();
    long start = System.nanoTime();
    for (Future<Void> sender : threads.invokeAll(senders)) {
      sender.get();
    }
    double micros = (System.nanoTime() - start) / 1_000.0 / (block * (double) connections.size());
    Thread.sleep(SETTLE_MILLIS);
    if (spent != null) {
      long backendsAfter = cpu.backends();
      Map<String, Long> jvmThreadsAfter = CpuTime.jvmThreadsButCompilers();
      spent.add(CpuTime.jvm() - jvm, CpuTime.spent(jvmThreads, jvmThreadsAfter),
          CpuTime.spent(jvmThreads, jvmThreadsAfter, RELAY_THREADS), CpuTime.spent(jvmThreads, jvmThreadsAfter, BROKER_THREADS),
          backends < 0 || backendsAfter < 0 ? -1 : backendsAfter - backends);
    }
    return micros;
  }

  /** The processor time of one side's measured blocks, in nanoseconds. */
  private static final class Cpu {
    long jvm;
    /** The JVM's threads but its JIT compilers; -1 once a block could not tell. */
    long jvmWork;
    /** The PostgreSQL backends of both sides' connections; -1 once a block could not tell. */
    long backends;
    /** Of {@link #jvmWork}: the relay's thread, and the threads of its connection to the broker. */
    long relay;
    long broker;

    void add(long jvmNanos, long jvmWorkNanos, long relayNanos, long brokerNanos, long backendNanos) {
      jvm += jvmNanos;
      jvmWork = jvmWork < 0 || jvmWorkNanos < 0 ? -1 : jvmWork + jvmWorkNanos;
      relay += Math.max(relayNanos, 0);
      broker += Math.max(brokerNanos, 0);
      backends = backends < 0 || backendNanos < 0 ? -1 : backends + backendNanos;
    }

    /** The JVM's time without its compilers, and the backends', per store; null when unknown. */
    Double work(long stores) {
      return jvmWork < 0 || backends < 0 ? null : (jvmWork + backends) / 1e3 / stores;
    }

    String describe(long stores) {
      return String.format(Locale.ROOT, "JVM %.1f us, of which JIT compilers %s, the relay's thread %.1f us, the"
              + " broker connection's %.1f us; PostgreSQL %s", jvm / 1e3 / stores,
          jvmWork < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f us", (jvm - jvmWork) / 1e3 / stores),
          relay / 1e3 / stores, broker / 1e3 / stores,
          backends < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f us", backends / 1e3 / stores));
    }
  }

  private static RestApplication application(DataStore store) {
    BenchTaskRepository tasks = store.register(new BenchTaskRepository());
    return RestApplication.builder(store).mount("bench-tasks", new Controller<>(tasks)).build();
  }

  private static DataStore store(String schema, String application) {
    return DataStore.builder(Scribe.create())
        .jdbcUrl(POSTGRES + "?currentSchema=" + schema + "&ApplicationName=" + application).username("postgres").password("")
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

  /**
   * How many statements recorded the events as published: each round of the relay records its own at one
   * time (its transaction's), so this counts the rounds that published.
   */
  private static long settles(String schema, String table) throws Exception {
    try (Connection connection = DriverManager.getConnection(POSTGRES + "?currentSchema=" + schema, "postgres", "");
         Statement statement = connection.createStatement();
         java.sql.ResultSet rows = statement.executeQuery("SELECT COUNT(DISTINCT published_at) FROM " + table)) {
      rows.next();
      return rows.getLong(1);
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
