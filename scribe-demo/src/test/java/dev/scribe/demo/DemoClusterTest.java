package dev.scribe.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.eventbus.Subscribe;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import dev.scribe.outbox.ChangeConsumer;
import dev.scribe.outbox.ChangeMessage;
import dev.scribe.outbox.TcpProxy;
import dev.scribe.testing.TestResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The demo as several instances, each a JVM of its own ({@code DemoMain} with {@code --db} a PostgreSQL URL and
 * {@code --broker} the RabbitMQ at 127.0.0.1:5672), on schemas and exchanges of this run only: two instances
 * share their changes (feed, notifications, a work-queue consumer), an instance killed with SIGKILL while
 * relaying loses nothing after its restart, and an instance whose broker is unreachable for 10 s keeps its
 * events in the outbox and sends them after. The outbox's own faults, instance by instance, are BrokerTest's.
 */
@Tag("broker")
class DemoClusterTest {
  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final String BROKER = "amqp://guest:guest@127.0.0.1:5672";
  private static final Pattern LISTENING = Pattern.compile("Scribe demo listening on (http://\\S+)");
  private static final String ADMIN_PASSWORD = "cluster admin password";
  private static final String PASSWORD = "cluster user password";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  private static final List<String> SCHEMAS = new ArrayList<>();
  private static final List<String> EXCHANGES = new ArrayList<>();
  private static final List<String> QUEUES = new ArrayList<>();
  private static final List<Demo> DEMOS = new ArrayList<>();

  private static String sharedSchema;
  private static String sharedExchange;
  private static Demo first;
  private static Demo second;

  private final List<AutoCloseable> resources = new ArrayList<>();

  @BeforeAll
  static void twoInstances() throws Exception {
    sharedSchema = schema("shared");
    sharedExchange = exchange("shared");
    // One after the other: the first creates the tables (Hibernate's update), the second finds them.
    first = Demo.start("first", sharedSchema, BROKER, sharedExchange);
    second = Demo.start("second", sharedSchema, BROKER, sharedExchange);
  }

  @AfterAll
  static void stopAll() throws Exception {
    for (Demo demo : DEMOS) {
      demo.stop();
    }
    try (Connection connection = DriverManager.getConnection(SERVER, "postgres", "");
         Statement statement = connection.createStatement()) {
      for (String schema : SCHEMAS) {
        statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(BROKER);
    try (com.rabbitmq.client.Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
      for (String queue : QUEUES) {
        channel.queueDelete(queue);
        channel.queueDelete(queue + ".dead");
        channel.exchangeDelete(queue + ".dlx");
      }
      for (String exchange : EXCHANGES) {
        channel.queueDelete(exchange + ".notifications");
        channel.queueDelete(exchange + ".notifications.dead");
        channel.exchangeDelete(exchange + ".notifications.dlx");
        channel.exchangeDelete(exchange);
      }
    }
  }

  @AfterEach
  void closeResources() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  @Test
  void aChangeThroughOneInstanceAppearsOnTheOthersFeedInTheCallersScopeAndAsANotification() throws Exception {
    DemoClient alice = new DemoClient(first.uri).register("alice" + RUN, PASSWORD);
    DemoClient bob = new DemoClient(first.uri).register("bob" + RUN, PASSWORD);
    DemoClient aliceOnSecond = new DemoClient(second.uri).login("alice" + RUN, PASSWORD);
    DemoClient bobOnSecond = new DemoClient(second.uri).login("bob" + RUN, PASSWORD);
    DemoClient adminOnSecond = new DemoClient(second.uri).login("admin", ADMIN_PASSWORD);
    assertThat(Feed.status(second.uri, "not-a-token")).isEqualTo(401);
    Feed aliceFeed = keep(Feed.open(second.uri, aliceOnSecond.token()));
    Feed bobFeed = keep(Feed.open(second.uri, bobOnSecond.token()));
    Feed adminFeed = keep(Feed.open(second.uri, adminOnSecond.token()));

    long aliceTask = alice.createTask(Map.of("title", "Shared by the cluster", "internalNotes", "only for the team"));
    Map<String, Object> created = aliceFeed.await(change -> isChange(change, aliceTask, "created"));
    @SuppressWarnings("unchecked")
    Map<String, Object> values = (Map<String, Object>) created.get("new");
    assertThat(values).containsEntry("title", "Shared by the cluster").doesNotContainKeys("internalNotes", "ownerId");
    assertThat(created.get("user")).isEqualTo(alice.get("/auth/me").map().get("id"));
    adminFeed.await(change -> isChange(change, aliceTask, "created"));

    long bobTask = bob.createTask(Map.of("title", "Bob's own"));
    bobFeed.await(change -> isChange(change, bobTask, "created"));
    assertThat(bobFeed.seen()).as("bob's feed, out of alice's rows").noneMatch(change -> isChange(change, aliceTask, null));
    adminFeed.await(change -> isChange(change, bobTask, "created"));

    assertThat(alice.post("/tasks/" + aliceTask + "/complete", Map.of()).status()).isEqualTo(200);
    aliceFeed.await(change -> isChange(change, aliceTask, "updated"));
    // The notification comes from the broker through the shared work queue: one, whichever instance took it.
    String message = "task " + aliceTask + " completed";
    awaitTrue(() -> notifications(aliceOnSecond, message) == 1, Duration.ofSeconds(30));
    awaitDrained(sharedSchema, sharedExchange + ".notifications"); // a second notification would be made by now
    assertThat(notifications(aliceOnSecond, message)).isEqualTo(1);
    assertThat(notifications(new DemoClient(first.uri).as(bob.token()), message)).isZero();

    assertThat(alice.delete("/tasks/" + aliceTask).status()).isEqualTo(204);
    aliceFeed.await(change -> isChange(change, aliceTask, "deleted"));
    bobFeed.await(change -> isChange(change, bobTask, "created"));
    assertThat(bobFeed.seen()).noneMatch(change -> isChange(change, aliceTask, null));
  }

  @Test
  void threeInstancesStartingAtOnceOnANewSchemaCreateItAndSeedItOnce() throws Exception {
    String schema = "demo_cluster_" + RUN + "_fresh"; // not created beforehand: the instances create it
    SCHEMAS.add(schema);
    String exchange = exchange("fresh");
    List<Process> processes = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Path log = Demo.log("fresh-" + i);
      logs.add(log);
      processes.add(Demo.launch(log, schema, BROKER, exchange));
    }
    List<Demo> fresh = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      fresh.add(Demo.awaitListening(processes.get(i), logs.get(i)));
    }

    for (Demo demo : fresh) {
      DemoClient admin = new DemoClient(demo.uri).login("admin", ADMIN_PASSWORD);
      assertThat(admin.get("/admin/tasks/count").map()).containsEntry("count", 3);
    }
    for (Demo demo : fresh) {
      demo.stop();
    }
    for (Path log : logs) {
      // they took turns at the schema: none ran the DDL another was running (refused, logged with a stack trace)
      assertThat(Files.readString(log, StandardCharsets.UTF_8)).as(log.toString())
          .doesNotContain("GenerationTarget encountered exception");
    }
  }

  @Test
  void aThousandWritesOverBothInstancesReachAWorkQueueConsumerOnceInPerAggregateOrder() throws Exception {
    Consumer consumer = keep(Consumer.start(sharedExchange, "thousand"));
    DemoClient[] instances = {new DemoClient(first.uri), new DemoClient(second.uri)};
    int tasks = 100;
    int updates = 9;
    String prefix = "Thousand " + RUN + " ";
    Set<String> ids = ConcurrentHashMap.newKeySet();
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < tasks; t++) {
        int task = t;
        work.add(clients.submit(() -> {
          String title = prefix + task;
          long id = instances[task % 2].createTask(Map.of("title", title));
          ids.add(Long.toString(id));
          // Vetoed (an open task of that title exists): the unit of work rolls back and publishes nothing.
          assertThat(instances[(task + 1) % 2].post("/tasks", Map.of("title", title)).status()).isEqualTo(409);
          for (int version = 1; version <= updates; version++) {
            TestResponse reply = instances[(task + version) % 2].patch("/tasks/" + id,
                Map.of("title", title + " v" + version));
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
          }
          return null;
        }));
      }
      for (Future<?> future : work) {
        future.get(300, TimeUnit.SECONDS);
      }
    } finally {
      clients.shutdownNow();
    }
    int expected = tasks * (1 + updates);
    assertThat(expected).isEqualTo(1_000);
    awaitTrue(() -> consumer.effects(ids).size() >= expected, Duration.ofSeconds(120));
    awaitDrained(sharedSchema, consumer.queue);
    List<Effect> effects = consumer.effects(ids);
    assertThat(effects).hasSize(expected);
    assertThat(effects.stream().map(Effect::messageId).distinct().count()).isEqualTo(expected);
    assertThat(outboxRows(sharedSchema, ids)).as("outbox rows, none for the vetoed creates").isEqualTo(expected);
    Map<String, List<Effect>> byTask = new HashMap<>();
    effects.forEach(effect -> byTask.computeIfAbsent(effect.aggregateId(), id -> new ArrayList<>()).add(effect));
    assertThat(byTask).hasSize(tasks);
    byTask.forEach((id, list) -> {
      assertThat(list).as("task %s", id).hasSize(1 + updates);
      assertThat(list.get(0).type()).isEqualTo("created");
      for (int i = 1; i < list.size(); i++) {
        assertThat(list.get(i).seq()).as("task %s, event %d", id, i).isGreaterThan(list.get(i - 1).seq());
        assertThat(list.get(i).title()).as("task %s, event %d", id, i).endsWith(" v" + i);
      }
    });
  }

  @Test
  void aMessageItsConsumerAlwaysRejectsEndsInTheDeadLetterQueueAfterMaxAttempts() throws Exception {
    String queue = queue("rejecting");
    int[] attempts = new int[1];
    ChangeConsumer rejecting = keep(ChangeConsumer.builder(URI.create(BROKER), sharedExchange, queue)
        .bind("Task.deleted")
        .maxAttempts(3)
        .redeliveryDelay(Duration.ofMillis(10))
        .listener(new Object() {
          @Subscribe
          public void on(ChangeMessage change) {
            attempts[0]++;
            throw new IllegalStateException("this consumer refuses every message");
          }
        })
        .start());
    DemoClient client = new DemoClient(first.uri);
    long id = client.createTask(Map.of("title", "Doomed " + RUN));
    assertThat(client.delete("/tasks/" + id).status()).isEqualTo(204);

    awaitTrue(() -> messageCount(rejecting.deadLetterQueue()) == 1, Duration.ofSeconds(30));
    assertThat(attempts[0]).isEqualTo(3);
    assertThat(messageCount(queue)).isZero();
  }

  @Test
  void anInstanceKilledMidRelayLosesNothingAfterRestart() throws Exception {
    String schema = schema("killed");
    String exchange = exchange("killed");
    Demo demo = Demo.start("killed", schema, BROKER, exchange);
    Consumer consumer = keep(Consumer.start(exchange, "killed"));
    Set<String> ids = write(new DemoClient(demo.uri), "Killed " + RUN + " ", 20, 9);

    demo.kill();
    long pending = pending(schema);
    Demo restarted = Demo.start("killed-restarted", schema, BROKER, exchange);
    awaitTrue(() -> consumer.effects(ids).size() >= 200, Duration.ofSeconds(90));
    awaitDrained(schema, consumer.queue);
    assertThat(consumer.effects(ids)).as("effects; %d rows were pending when the instance was killed", pending)
        .hasSize(200);
    assertThat(consumer.effects(ids).stream().map(Effect::messageId).distinct().count()).isEqualTo(200);
    awaitTrue(() -> pending(schema) == 0, Duration.ofSeconds(30));
    restarted.stop();
  }

  @Test
  void whileTheBrokerIsUnreachableForTenSecondsEventsWaitInTheOutboxAndDrainAfter() throws Exception {
    TcpProxy proxy = keep(new TcpProxy(5672));
    proxy.start();
    String schema = schema("outage");
    String exchange = exchange("outage");
    Demo demo = Demo.start("outage", schema, "amqp://guest:guest@127.0.0.1:" + proxy.port(), exchange);
    Consumer consumer = keep(Consumer.start(exchange, "outage"));

    proxy.stop();
    long down = System.nanoTime();
    Set<String> ids = write(new DemoClient(demo.uri), "Outage " + RUN + " ", 10, 4);
    assertThat(pending(schema)).isEqualTo(50);
    Thread.sleep(Math.max(0, 10_000 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - down)));
    assertThat(consumer.effects(ids)).isEmpty();
    assertThat(pending(schema)).isEqualTo(50);

    proxy.start();
    awaitTrue(() -> consumer.effects(ids).size() >= 50, Duration.ofSeconds(60));
    awaitDrained(schema, consumer.queue);
    assertThat(consumer.effects(ids)).hasSize(50);
    awaitTrue(() -> pending(schema) == 0, Duration.ofSeconds(30));
    demo.stop();
  }

  @Test
  void anInstanceStartedWhileItsBrokerIsUnreachableServesWritesAndDeliversOnceTheBrokerIsBack() throws Exception {
    TcpProxy proxy = keep(new TcpProxy(5672));
    proxy.start();
    proxy.stop();  // its port is kept, and nothing listens there until it starts again
    String schema = schema("away");
    String exchange = exchange("away");
    Consumer consumer = keep(Consumer.start(exchange, "away"));
    Path log = Demo.log("away");
    Demo demo = Demo.awaitListening(Demo.launch(log, schema, "amqp://guest:guest@127.0.0.1:" + proxy.port(),
        exchange), log);
    assertThat(Files.readString(log)).contains("the broker at 127.0.0.1:" + proxy.port() + " cannot be reached");

    DemoClient admin = new DemoClient(demo.uri).login("admin", ADMIN_PASSWORD);
    Set<String> ids = write(admin, "Away " + RUN + " ", 5, 1);
    assertThat(outboxRows(schema, ids)).isEqualTo(10);
    assertThat(pending(schema)).as("the writes' rows and those of the start and the login").isGreaterThanOrEqualTo(10);
    assertThat(consumer.effects(ids)).isEmpty();

    proxy.start();
    awaitTrue(() -> consumer.effects(ids).size() >= 10, Duration.ofSeconds(60));
    awaitDrained(schema, consumer.queue);
    assertThat(consumer.effects(ids)).hasSize(10);
    awaitTrue(() -> Files.readString(log).contains("change feed: connected to the broker"), Duration.ofSeconds(30));
    Feed feed = keep(Feed.open(demo.uri, admin.token()));
    long task = admin.createTask(Map.of("title", "Once the broker is back " + RUN));
    feed.await(change -> isChange(change, task, "created"));
    assertThat(admin.post("/tasks/" + task + "/complete", Map.of()).status()).isEqualTo(200);
    awaitTrue(() -> notifications(admin, "task " + task + " completed") == 1, Duration.ofSeconds(30));
    demo.stop();
  }

  /** Creates {@code tasks} tasks with {@code updates} renames each over 4 clients; returns their ids. */
  private static Set<String> write(DemoClient client, String prefix, int tasks, int updates) throws Exception {
    Set<String> ids = ConcurrentHashMap.newKeySet();
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < tasks; t++) {
        String title = prefix + t;
        work.add(clients.submit(() -> {
          long id = client.createTask(Map.of("title", title));
          ids.add(Long.toString(id));
          for (int version = 1; version <= updates; version++) {
            assertThat(client.patch("/tasks/" + id, Map.of("title", title + " v" + version)).status()).isEqualTo(200);
          }
          return null;
        }));
      }
      for (Future<?> future : work) {
        future.get(120, TimeUnit.SECONDS);
      }
    } finally {
      clients.shutdownNow();
    }
    return ids;
  }

  private <T extends AutoCloseable> T keep(T resource) {
    resources.add(resource);
    return resource;
  }

  private static boolean isChange(Map<String, Object> change, long id, String type) {
    return "Task".equals(change.get("aggregateType")) && Long.toString(id).equals(change.get("aggregateId"))
        && (type == null || type.equals(change.get("type")));
  }

  private static long notifications(DemoClient client, String message) {
    TestResponse reply = client.get("/notifications?size=100");
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.items().stream().filter(item -> message.equals(item.get("message"))).count();
  }

  private static String schema(String name) throws Exception {
    String schema = "demo_cluster_" + RUN + "_" + name;
    try (Connection connection = DriverManager.getConnection(SERVER, "postgres", "");
         Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    }
    SCHEMAS.add(schema);
    return schema;
  }

  private static String exchange(String name) {
    String exchange = "scribe.test.demo." + name + "." + RUN;
    EXCHANGES.add(exchange);
    return exchange;
  }

  private static String queue(String name) {
    String queue = "scribe.test.demo.work." + name + "." + RUN;
    QUEUES.add(queue);
    return queue;
  }

  private static long pending(String schema) throws Exception {
    return count(schema, "SELECT COUNT(*) FROM scribe_outbox WHERE status = 'PENDING'");
  }

  private static long outboxRows(String schema, Set<String> ids) throws Exception {
    return count(schema, "SELECT COUNT(*) FROM scribe_outbox WHERE aggregatetype = 'Task' AND aggregateid IN ('"
        + String.join("','", ids) + "')");
  }

  private static long count(String schema, String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(SERVER + "?currentSchema=" + schema, "postgres", "");
         Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static long messageCount(String queue) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(BROKER);
    try (com.rabbitmq.client.Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
      return channel.messageCount(queue);
    }
  }

  private static void awaitTrue(ThrowingCondition condition, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not true within " + timeout);
      }
      Thread.sleep(100);
    }
  }

  /**
   * Waits until {@code schema}'s outbox has no row left to publish and {@code queue} no message left to take: what
   * the instances wrote has been delivered, and a duplicate would have been by now.
   */
  private static void awaitDrained(String schema, String queue) throws Exception {
    awaitTrue(() -> pending(schema) == 0 && messageCount(queue) == 0, Duration.ofSeconds(60));
  }

  @FunctionalInterface
  private interface ThrowingCondition {
    boolean holds() throws Exception;
  }

  /** One demo instance: a JVM running DemoMain, its output in target/demo-cluster/. */
  private static final class Demo {
    final Process process;
    final URI uri;

    private Demo(Process process, URI uri) {
      this.process = process;
      this.uri = uri;
    }

    static Demo start(String name, String schema, String broker, String exchange) throws Exception {
      Path log = log(name);
      return awaitListening(launch(log, schema, broker, exchange), log);
    }

    static Path log(String name) throws Exception {
      Path log = Path.of("target", "demo-cluster", RUN + "-" + name + ".log");
      Files.createDirectories(log.getParent());
      return log;
    }

    static Process launch(Path log, String schema, String broker, String exchange) throws Exception {
      List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-D" + DemoApplication.OUTBOX_LEASE_PROPERTY + "=PT3S", "-cp", System.getProperty("java.class.path"),
          DemoMain.class.getName(), "--port", "0", "--db", SERVER + "?currentSchema=" + schema, "--broker", broker,
          "--exchange", exchange, "--admin-password", ADMIN_PASSWORD);
      return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static Demo awaitListening(Process process, Path log) throws Exception {
      String name = log.getFileName().toString();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (System.nanoTime() < deadline) {
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Matcher matcher = LISTENING.matcher(output);
        if (matcher.find()) {
          Demo demo = new Demo(process, URI.create(matcher.group(1)));
          DEMOS.add(demo);
          return demo;
        }
        if (!process.isAlive()) {
          throw new AssertionError("demo " + name + " exited with " + process.exitValue() + ":\n" + output);
        }
        Thread.sleep(100);
      }
      process.destroyForcibly();
      throw new AssertionError("demo " + name + " did not start within 120 s:\n" + Files.readString(log));
    }

    /** SIGKILL: no shutdown hook, no clean stop of the relay. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    void stop() throws InterruptedException {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
      }
    }
  }

  /** A client of {@code GET /_scribe/changes}: the changes it streamed, parsed. */
  private static final class Feed implements AutoCloseable {
    private final BlockingQueue<Map<String, Object>> arrived = new LinkedBlockingQueue<>();
    private final List<Map<String, Object>> seen = new ArrayList<>();
    private final HttpResponse<Stream<String>> response;

    private Feed(HttpResponse<Stream<String>> response) {
      this.response = response;
      Thread reader = new Thread(() -> {
        try {
          response.body().forEach(line -> {
            if (line.startsWith("data: ")) {
              try {
                arrived.add(JSON.readValue(line.substring(6), new TypeReference<Map<String, Object>>() {}));
              } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + line, e);
              }
            }
          });
        } catch (RuntimeException e) {
          // the stream was closed
        }
      }, "feed-reader");
      reader.setDaemon(true);
      reader.start();
    }

    static Feed open(URI base, String token) throws Exception {
      HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(base.resolve(DemoApplication.CHANGES_PATH)).header("Authorization", "Bearer " + token)
              .GET().build(), HttpResponse.BodyHandlers.ofLines());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
      return new Feed(response);
    }

    static int status(URI base, String token) throws Exception {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(DemoApplication.CHANGES_PATH))
          .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** The first change from now on that matches, waiting up to 30 s. */
    Map<String, Object> await(Predicate<Map<String, Object>> wanted) throws InterruptedException {
      for (Map<String, Object> change : seen) {
        if (wanted.test(change)) {
          return change;
        }
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        Map<String, Object> change = arrived.poll(100, TimeUnit.MILLISECONDS);
        if (change != null) {
          seen.add(change);
          if (wanted.test(change)) {
            return change;
          }
        }
      }
      throw new AssertionError("no such change on the feed within 30 s; seen: " + seen);
    }

    List<Map<String, Object>> seen() {
      arrived.drainTo(seen);
      return seen;
    }

    @Override
    public void close() {
      response.body().close();
    }
  }

  /** A work-queue consumer that records each message's effect in its own schema, de-duplicated there. */
  private static final class Consumer implements AutoCloseable {
    private final ChangeConsumer consumer;
    private final String schema;
    /** The queue it takes its messages from. */
    final String queue;

    private Consumer(ChangeConsumer consumer, String schema, String queue) {
      this.consumer = consumer;
      this.schema = schema;
      this.queue = queue;
    }

    static Consumer start(String exchange, String name) throws Exception {
      String schema = schema(name + "_consumer");
      try (Connection connection = DriverManager.getConnection(SERVER + "?currentSchema=" + schema, "postgres", "");
           Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE effects (n BIGSERIAL PRIMARY KEY, message_id VARCHAR(64) NOT NULL,"
            + " aggregate_id VARCHAR(64) NOT NULL, type VARCHAR(16) NOT NULL, seq BIGINT NOT NULL, title VARCHAR(255))");
      }
      PGSimpleDataSource source = new PGSimpleDataSource();
      source.setURL(SERVER + "?currentSchema=" + schema);
      source.setUser("postgres");
      String queue = queue(name);
      ChangeConsumer consumer = ChangeConsumer.builder(URI.create(BROKER), exchange, queue)
          .bind("Task.*")
          .deduplicateIn(source)
          .listener(new Object() {
            @Subscribe
            public void on(ChangeMessage change, Connection connection) throws Exception {
              try (PreparedStatement insert = connection.prepareStatement(
                  "INSERT INTO effects (message_id, aggregate_id, type, seq, title) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, change.id());
                insert.setString(2, change.aggregateId());
                insert.setString(3, change.type());
                insert.setLong(4, change.seq());
                Map<String, Object> values = change.newValues() != null ? change.newValues() : change.oldValues();
                insert.setString(5, String.valueOf(values.get("title")));
                insert.executeUpdate();
              }
            }
          })
          .start();
      return new Consumer(consumer, schema, queue);
    }

    /** The effects of the tasks with these ids, in the order the consumer took them. */
    List<Effect> effects(Set<String> ids) throws Exception {
      List<Effect> effects = new ArrayList<>();
      Set<String> wanted = new HashSet<>(ids);
      try (Connection connection = DriverManager.getConnection(SERVER + "?currentSchema=" + schema, "postgres", "");
           Statement statement = connection.createStatement();
           ResultSet rows = statement.executeQuery("SELECT message_id, aggregate_id, type, seq, title FROM effects ORDER BY n")) {
        while (rows.next()) {
          if (wanted.contains(rows.getString(2))) {
            effects.add(new Effect(rows.getString(1), rows.getString(2), rows.getString(3), rows.getLong(4),
                rows.getString(5)));
          }
        }
      }
      return effects;
    }

    @Override
    public void close() {
      consumer.close();
    }
  }

  private record Effect(String messageId, String aggregateId, String type, long seq, String title) {}
}
