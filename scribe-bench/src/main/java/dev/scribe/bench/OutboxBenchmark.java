package dev.scribe.bench;

import com.google.common.eventbus.Subscribe;
import dev.scribe.bench.outbox.Broker;
import dev.scribe.bench.outbox.GatedPublisher;
import dev.scribe.bench.outbox.OutboxSchema;
import dev.scribe.outbox.ChangeConsumer;
import dev.scribe.outbox.ChangeMessage;
import dev.scribe.outbox.Outbox;
import dev.scribe.outbox.OutboxSettings;
import dev.scribe.outbox.RabbitPublisher;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The outbox's costs on PostgreSQL (127.0.0.1:5432, database {@code test}, user {@code postgres}, a schema of
 * its own per state, dropped afterwards) and RabbitMQ (127.0.0.1:5672, guest/guest, exchanges and queues of
 * their own, deleted afterwards):
 *
 * <ul>
 *   <li>{@code storeWithoutOutbox} / {@code storeWithOutbox}: a batch of 100 creates through a repository,
 *       without and with the outbox written in the same transaction (no relay). Target: with ≤ 1.1 × without.
 *   <li>{@code relay5000}: the time the relay takes to publish 5,000 pending rows to RabbitMQ with publisher
 *       confirms (single shot per iteration; the rows are written before the clock starts). Target: ≥ 5,000
 *       events/s, i.e. ≤ 1,000 ms.
 *   <li>{@code commitToConsumer}: one create committed, then waiting until a {@link ChangeConsumer} on a work
 *       queue received its message; sampled, so JMH prints p50 and p99. Target: p99 &lt; 100 ms when idle.
 * </ul>
 *
 * <pre>
 * mvn -B -q -pl scribe-bench -am package -DskipTests
 * java -jar scribe-bench/target/benchmarks.jar OutboxBenchmark
 * </pre>
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.jboss.logging.provider=slf4j",
    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class OutboxBenchmark {
  static final String POSTGRES = OutboxSchema.POSTGRES;
  static final URI BROKER = Broker.ADDRESS;
  static final int BATCH = 100;
  static final int RELAYED = 5_000;

  /** Two stores, one with a write-only outbox. */
  @State(Scope.Benchmark)
  public static class Store {
    OutboxSchema without;
    OutboxSchema with;
    Outbox outbox;
    int round;

    @Setup(Level.Trial)
    public void open() throws Exception {
      without = new OutboxSchema();
      with = new OutboxSchema();
      outbox = Outbox.install(with.store, OutboxSettings.builder().build());
    }

    @TearDown(Level.Iteration)
    public void empty() throws Exception {
      for (OutboxSchema schema : List.of(without, with)) {
        try (Connection connection = DriverManager.getConnection(POSTGRES + "?currentSchema=" + schema.name,
            "postgres", ""); Statement statement = connection.createStatement()) {
          statement.execute("TRUNCATE TABLE benchtask");
          if (schema == with) {
            statement.execute("TRUNCATE TABLE scribe_outbox");
          }
        }
      }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
      outbox.close();
      without.close();
      with.close();
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 5, time = 2)
  @Measurement(iterations = 5, time = 2)
  public void storeWithoutOutbox(Store state) {
    state.without.create(BATCH, "task " + state.round++ + " ");
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 5, time = 2)
  @Measurement(iterations = 5, time = 2)
  public void storeWithOutbox(Store state) {
    state.with.create(BATCH, "task " + state.round++ + " ");
  }

  /** 5,000 pending rows before each iteration, a relay held at the gate until the benchmark starts. */
  @State(Scope.Benchmark)
  public static class Relaying {
    final String exchange = "scribe.bench.relay." + UUID.randomUUID().toString().substring(0, 8);
    OutboxSchema schema;
    GatedPublisher gate;
    Outbox outbox;
    int round;

    @Setup(Level.Trial)
    public void open() throws Exception {
      schema = new OutboxSchema();
      gate = new GatedPublisher(RabbitPublisher.create(BROKER, exchange));
      outbox = Outbox.install(schema.store, OutboxSettings.builder().publisher(gate).build());
    }

    @Setup(Level.Iteration)
    public void write() {
      gate.open = false;
      gate.confirmed.set(0);
      for (int written = 0; written < RELAYED; written += 1_000) {
        schema.create(1_000, "relay " + round++ + " ");
      }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
      gate.open = true;
      outbox.close();
      schema.close();
      Broker.deleteExchange(exchange, null);
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 2)
  @Measurement(iterations = 5)
  public int relay5000(Relaying state) throws InterruptedException {
    state.gate.open = true;
    state.outbox.wake();
    while (state.gate.confirmed.get() < RELAYED) {
      Thread.sleep(1);
    }
    return state.gate.confirmed.get();
  }

  /** An outbox relaying to RabbitMQ and a consumer on a work queue that releases the waiting benchmark. */
  @State(Scope.Benchmark)
  public static class EndToEnd {
    final String exchange = "scribe.bench.latency." + UUID.randomUUID().toString().substring(0, 8);
    final String queue = exchange + ".work";
    final Map<String, CountDownLatch> waiting = new ConcurrentHashMap<>();
    OutboxSchema schema;
    Outbox outbox;
    ChangeConsumer consumer;
    int round;

    @Setup(Level.Trial)
    public void open() throws Exception {
      schema = new OutboxSchema();
      outbox = Outbox.install(schema.store, OutboxSettings.publishingTo(RabbitPublisher.create(BROKER, exchange)));
      consumer = ChangeConsumer.builder(BROKER, exchange, queue)
          .listener(new Object() {
            @Subscribe
            public void on(ChangeMessage change) {
              CountDownLatch latch = waiting.remove(String.valueOf(change.newValues().get("title")));
              if (latch != null) {
                latch.countDown();
              }
            }
          })
          .start();
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
      consumer.close();
      outbox.close();
      schema.close();
      Broker.deleteExchange(exchange, queue);
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 3, time = 5)
  @Measurement(iterations = 5, time = 5)
  public boolean commitToConsumer(EndToEnd state) throws InterruptedException {
    String title = "latency " + state.round++;
    CountDownLatch arrived = new CountDownLatch(1);
    state.waiting.put(title, arrived);
    state.schema.tasks.create(Map.of("title", title));
    return arrived.await(10, TimeUnit.SECONDS);
  }
}
