package dev.scribe.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.eventbus.Subscribe;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.scribe.outbox.internal.wire.Rabbit;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Person;
import dev.scribe.repository.Subtask;
import dev.scribe.repository.Task;
import dev.scribe.repository.TaskRepository;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The outbox against the real PostgreSQL (127.0.0.1:5432) and RabbitMQ (127.0.0.1:5672): several instances,
 * a work-queue consumer that de-duplicates in its own database, and the faults of the issue.
 */
@Tag("broker")
class BrokerTest {
  static final URI BROKER = URI.create("amqp://guest:guest@127.0.0.1:5672");
  static final Class<?>[] ENTITIES = {Task.class, Subtask.class, Person.class};

  @RegisterExtension
  static final PostgresSchema POSTGRES = new PostgresSchema();

  private final List<AutoCloseable> resources = new ArrayList<>();
  private String appSchema;
  private String consumerSchema;
  private String exchange;
  private String queue;

  @BeforeEach
  void names(TestInfo test) throws Exception {
    String name = test.getTestMethod().orElseThrow().getName().toLowerCase();
    name = name.length() > 20 ? name.substring(0, 20) : name;
    appSchema = POSTGRES.create(name + "_app");
    consumerSchema = POSTGRES.create(name + "_consumer");
    EffectRecorder.createTable(consumerSchema);
    String unique = UUID.randomUUID().toString().substring(0, 8);
    exchange = "scribe.test." + name + "." + unique;
    queue = "scribe.test.work." + name + "." + unique;
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
    try (Connection connection = Rabbit.factory(BROKER).newConnection(); Channel channel = connection.createChannel()) {
      channel.queueDelete(queue);
      channel.queueDelete(queue + ".dead");
      channel.exchangeDelete(queue + ".dlx");
      channel.exchangeDelete(exchange);
    }
  }

  private <T extends AutoCloseable> T keep(T resource) {
    resources.add(resource);
    return resource;
  }

  private DataStore store(boolean createTables) {
    return keep(PostgresSchema.store(appSchema, createTables, ENTITIES));
  }

  private Outbox outbox(DataStore store, String instance, EventPublisher publisher, Duration lease) {
    return keep(Outbox.install(store, OutboxSettings.builder().publisher(publisher).instanceId(instance)
        .batchSize(100).lease(lease).pollInterval(Duration.ofMillis(200)).build()));
  }

  private ChangeConsumer consumer(Object listener, int maxAttempts) {
    return keep(ChangeConsumer.builder(BROKER, exchange, queue).bind("Task.*")
        .deduplicateIn(PostgresSchema.dataSource(consumerSchema)).listener(listener)
        .maxAttempts(maxAttempts).redeliveryDelay(Duration.ofMillis(10)).start());
  }

  @Test
  void twoInstancesTakeAThousandWritesAndTheConsumerGetsEachOnceInPerAggregateOrder() throws Exception {
    DataStore storeA = store(true);
    DataStore storeB = store(false);
    outbox(storeA, "a", RabbitPublisher.create(BROKER, exchange), Duration.ofSeconds(30));
    outbox(storeB, "b", RabbitPublisher.create(BROKER, exchange), Duration.ofSeconds(30));
    EffectRecorder recorder = new EffectRecorder();
    consumer(recorder, 5);
    TaskRepository[] instances = {storeA.register(new TaskRepository()), storeB.register(new TaskRepository())};

    ExecutorService writers = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    for (int thread = 0; thread < 4; thread++) {
      int first = thread;
      done.add(writers.submit(() -> {
        // Each thread owns 25 tasks and writes each of them ten times, alternating the instance per write.
        List<Long> ids = new ArrayList<>();
        int write = 0;
        for (int i = 0; i < 25; i++) {
          ids.add(instances[write++ % 2].create(Map.of("title", "t" + first + "-" + i)).getId());
        }
        for (int round = 1; round < 10; round++) {
          for (Long id : ids) {
            instances[write++ % 2].update(id, Map.of("title", "t" + first + " r" + round));
          }
        }
        return null;
      }));
    }
    for (Future<?> future : done) {
      future.get();
    }
    writers.shutdown();

    awaitTrue(() -> count(consumerSchema, "SELECT COUNT(*) FROM effects") >= 1000, Duration.ofSeconds(60));
    Thread.sleep(500);
    assertThat(count(appSchema, "SELECT COUNT(*) FROM scribe_outbox")).isEqualTo(1000);
    awaitTrue(() -> count(appSchema, "SELECT COUNT(*) FROM scribe_outbox WHERE status = 'PUBLISHED'") == 1000,
        Duration.ofSeconds(30));
    assertThat(count(consumerSchema, "SELECT COUNT(*) FROM effects")).isEqualTo(1000);
    assertThat(count(consumerSchema, "SELECT COUNT(DISTINCT message_id) FROM effects")).isEqualTo(1000);
    assertPerAggregateOrder(100);
    assertThat(count(appSchema, "SELECT COUNT(DISTINCT aggregateid) FROM scribe_outbox")).isEqualTo(100);
  }

  @Test
  void anInstanceKilledMidRelayLosesNothingAfterRestart() throws Exception {
    DataStore storeA = store(true);
    TaskRepository tasks = storeA.register(new TaskRepository());
    EffectRecorder recorder = new EffectRecorder();
    consumer(recorder, 5);
    // The first instance's relay dies right after the broker confirmed its second batch, before recording it.
    AtomicInteger batches = new AtomicInteger();
    RabbitPublisher real = RabbitPublisher.create(BROKER, exchange);
    EventPublisher dying = new EventPublisher() {
      @Override
      public Map<UUID, String> publish(List<OutboxEvent> events) throws BrokerUnavailableException, InterruptedException {
        Map<UUID, String> failures = real.publish(events);
        if (batches.incrementAndGet() == 2) {
          throw new InstanceKilled();
        }
        return failures;
      }

      @Override
      public void close() {
        real.close();
      }
    };
    Outbox first = outbox(storeA, "dies", dying, Duration.ofSeconds(2));
    storeA.inTransaction(() -> {
      for (int i = 0; i < 300; i++) {
        tasks.create(Map.of("title", "task " + i));
      }
    });
    awaitTrue(() -> !first.relaying(), Duration.ofSeconds(30));
    // The second batch was held by the dead round's locks, not by a lease: its transaction ended with the relay's
    // connection (a killed process's closes with it), and its rows are pending, as the third batch's.
    assertThat(count(appSchema, "SELECT COUNT(*) FROM scribe_outbox WHERE status = 'PENDING'")).isEqualTo(200);

    DataStore restarted = store(false);
    outbox(restarted, "restarted", RabbitPublisher.create(BROKER, exchange), Duration.ofSeconds(2));
    awaitTrue(() -> count(appSchema, "SELECT COUNT(*) FROM scribe_outbox WHERE status = 'PUBLISHED'") == 300,
        Duration.ofSeconds(60));
    awaitTrue(() -> count(consumerSchema, "SELECT COUNT(*) FROM effects") >= 300, Duration.ofSeconds(30));
    Thread.sleep(500);
    assertThat(count(consumerSchema, "SELECT COUNT(DISTINCT message_id) FROM effects")).isEqualTo(300);
    assertThat(count(consumerSchema, "SELECT COUNT(*) FROM effects")).isEqualTo(300);
    // The second batch reached the broker twice; the consumer ran its effect once.
    assertThat(count(consumerSchema, "SELECT COUNT(*) FROM scribe_processed_messages")).isEqualTo(300);
    assertPerAggregateOrder(300);
  }

  @Test
  void whileTheBrokerIsUnreachableForTenSecondsEventsWaitAndDrainAfter() throws Exception {
    TcpProxy proxy = keep(new TcpProxy(5672));
    proxy.start();
    DataStore store = store(true);
    TaskRepository tasks = store.register(new TaskRepository());
    Outbox outbox = outbox(store, "proxied",
        RabbitPublisher.create(URI.create("amqp://guest:guest@127.0.0.1:" + proxy.port()), exchange),
        Duration.ofSeconds(30));
    consumer(new EffectRecorder(), 5);
    for (int i = 0; i < 50; i++) {
      tasks.create(Map.of("title", "before " + i));
    }
    awaitTrue(() -> outbox.counts().get("PUBLISHED") == 50, Duration.ofSeconds(30));

    proxy.stop();
    long outageEnds = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int during = 0;
    while (System.nanoTime() < outageEnds) {
      tasks.create(Map.of("title", "during " + during++));
      Thread.sleep(50);
    }
    Map<String, Long> counts = outbox.counts();
    assertThat(counts.get("PENDING")).isEqualTo(during);
    assertThat(counts.get("DEAD")).isZero();
    assertThat(count(appSchema, "SELECT MAX(attempts) FROM scribe_outbox")).isZero();

    proxy.start();
    int total = 50 + during;
    awaitTrue(() -> outbox.counts().get("PUBLISHED") == total, Duration.ofSeconds(60));
    awaitTrue(() -> count(consumerSchema, "SELECT COUNT(*) FROM effects") >= total, Duration.ofSeconds(30));
    Thread.sleep(500);
    assertThat(count(consumerSchema, "SELECT COUNT(*) FROM effects")).isEqualTo(total);
    assertThat(count(consumerSchema, "SELECT COUNT(DISTINCT message_id) FROM effects")).isEqualTo(total);
  }

  @Test
  void anInstanceStartedWhileTheBrokerIsUnreachableServesWritesAndDeliversOnceItIsBack() throws Exception {
    // the work queue exists from an earlier run of the consumer, as after a restart: what the relay publishes the
    // moment the broker is back is routed to it, whichever of the two reconnects first
    try (Connection admin = Rabbit.factory(BROKER).newConnection(); Channel channel = admin.createChannel()) {
      channel.exchangeDeclare(exchange, "topic", true);
      channel.queueDeclare(queue, true, false, false, Map.of("x-dead-letter-exchange", queue + ".dlx"));
      channel.queueBind(queue, exchange, "Task.*");
    }
    TcpProxy proxy = keep(new TcpProxy(5672));
    proxy.start();
    proxy.stop();  // its port is kept, and nothing listens there until it starts again
    URI unreachable = URI.create("amqp://guest:guest@127.0.0.1:" + proxy.port());
    DataStore store = store(true);
    TaskRepository tasks = store.register(new TaskRepository());
    Outbox outbox = outbox(store, "started-alone", RabbitPublisher.create(unreachable, exchange), Duration.ofSeconds(30));

    ChangeFeed feed = keep(ChangeFeed.start(unreachable, exchange));
    EffectRecorder recorder = new EffectRecorder();
    ChangeConsumer consumer = keep(ChangeConsumer.builder(unreachable, exchange, queue).bind("Task.*")
        .deduplicateIn(PostgresSchema.dataSource(consumerSchema)).listener(recorder).start());
    assertThat(feed.connected()).as("the feed is connected").isFalse();
    assertThat(consumer.connected()).as("the consumer is connected").isFalse();
    ChangeFeed.Subscription early = feed.subscribe();
    for (int i = 0; i < 20; i++) {
      tasks.create(Map.of("title", "while away " + i));
    }
    assertThat(outbox.counts().get("PENDING")).isEqualTo(20);
    assertThat(early.poll(200)).isNull();

    proxy.start();
    awaitTrue(() -> feed.connected() && consumer.connected(), Duration.ofSeconds(30));
    awaitTrue(() -> outbox.counts().get("PUBLISHED") == 20, Duration.ofSeconds(30));
    // a stream opened while the feed was away missed what was published before its queue was bound: told so
    assertThat(early.dropped()).isTrue();
    ChangeFeed.Subscription later = feed.subscribe();
    Long created = tasks.create(Map.of("title", "once back")).getId();
    ChangeMessage change = later.poll(10_000);
    assertThat(change).isNotNull();
    assertThat(change.aggregateId()).isEqualTo(String.valueOf(created));
    awaitTrue(() -> count(consumerSchema, "SELECT COUNT(*) FROM effects") >= 21, Duration.ofSeconds(30));
    Thread.sleep(500);
    assertThat(count(consumerSchema, "SELECT COUNT(*) FROM effects")).isEqualTo(21);
    assertThat(count(consumerSchema, "SELECT COUNT(DISTINCT message_id) FROM effects")).isEqualTo(21);
  }

  @Test
  void aMessageItsConsumerAlwaysRejectsEndsInTheDeadLetterQueueAfterMaxAttempts() throws Exception {
    DataStore store = store(true);
    TaskRepository tasks = store.register(new TaskRepository());
    outbox(store, "single", RabbitPublisher.create(BROKER, exchange), Duration.ofSeconds(30));
    AtomicInteger calls = new AtomicInteger();
    ChangeConsumer consumer = consumer(new Object() {
      @Subscribe
      public void on(ChangeMessage change) {
        calls.incrementAndGet();
        throw new IllegalStateException("cannot handle " + change.id());
      }
    }, 3);
    Task task = tasks.create(Map.of("title", "poison"));
    try (Connection connection = Rabbit.factory(BROKER).newConnection(); Channel channel = connection.createChannel()) {
      awaitTrue(() -> channel.messageCount(consumer.deadLetterQueue()) == 1, Duration.ofSeconds(30));
      var dead = channel.basicGet(consumer.deadLetterQueue(), true);
      ChangeMessage message = ChangeMessage.parse(new String(dead.getBody(), java.nio.charset.StandardCharsets.UTF_8), -1);
      assertThat(message.aggregateId()).isEqualTo(String.valueOf(task.getId()));
      assertThat(dead.getProps().getMessageId()).isEqualTo(message.id());
    }
    assertThat(calls.get()).isEqualTo(3);
    assertThat(count(consumerSchema, "SELECT COUNT(*) FROM scribe_processed_messages")).isZero();
  }

  @Test
  void nothingIsPublishedForARolledBackUnitOfWork() throws Exception {
    DataStore store = store(true);
    TaskRepository tasks = store.register(new TaskRepository());
    Outbox outbox = outbox(store, "single", RabbitPublisher.create(BROKER, exchange), Duration.ofSeconds(30));
    EffectRecorder recorder = new EffectRecorder();
    consumer(recorder, 5);
    assertThatThrownBy(() -> store.inTransaction(() -> {
      tasks.create(Map.of("title", "rolled back"));
      tasks.create(Map.of("title", "rolled back too"));
      throw new IllegalStateException("abort");
    })).hasMessage("abort");
    Task kept = tasks.create(Map.of("title", "kept"));
    awaitTrue(() -> count(consumerSchema, "SELECT COUNT(*) FROM effects") >= 1, Duration.ofSeconds(30));
    Thread.sleep(1_000);
    assertThat(outbox.counts()).containsEntry("PUBLISHED", 1L).containsEntry("PENDING", 0L);
    assertThat(recorder.calls.get()).isEqualTo(1);
    try (java.sql.Connection connection = PostgresSchema.dataSource(consumerSchema).getConnection();
         Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery("SELECT aggregate_id FROM effects")) {
      rows.next();
      assertThat(rows.getString(1)).isEqualTo(String.valueOf(kept.getId()));
    }
  }

  private void assertPerAggregateOrder(int aggregates) throws Exception {
    Map<String, Long> last = new HashMap<>();
    try (java.sql.Connection connection = PostgresSchema.dataSource(consumerSchema).getConnection();
         Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery("SELECT aggregate_id, seq FROM effects ORDER BY position")) {
      while (rows.next()) {
        String aggregate = rows.getString(1);
        long seq = rows.getLong(2);
        Long previous = last.put(aggregate, seq);
        assertThat(previous == null || previous < seq).as("aggregate %s: seq %s after %s", aggregate, seq, previous)
            .isTrue();
      }
    }
    assertThat(last).hasSize(aggregates);
  }

  private static long count(String schema, String sql) {
    try {
      return PostgresSchema.count(schema, sql);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitTrue(ThrowingCondition condition, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout);
      }
      Thread.sleep(50);
    }
  }

  private interface ThrowingCondition {
    boolean holds() throws Exception;
  }

  /** Stands for the process dying: an Error the relay does not catch, so its leased rows stay leased. */
  private static final class InstanceKilled extends Error {
    private static final long serialVersionUID = 1L;

    InstanceKilled() {
      super("the instance was killed mid-relay");
    }
  }
}
