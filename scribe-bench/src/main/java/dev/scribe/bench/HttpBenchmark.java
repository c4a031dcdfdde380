package dev.scribe.bench;

import dev.scribe.bench.http.BareStoreServlet;
import dev.scribe.bench.http.BenchStores;
import dev.scribe.bench.http.BenchTask;
import dev.scribe.bench.http.BenchTaskRepository;
import dev.scribe.bench.http.StoreClient;
import dev.scribe.controller.ConsoleOptions;
import dev.scribe.controller.Controller;
import dev.scribe.controller.RestApplication;
import dev.scribe.controller.ScribeServer;
import dev.scribe.core.Scribe;
import dev.scribe.repository.DataStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * HTTP store throughput: {@code POST /scribe/bench-tasks} through the controller tier (controller,
 * repository and entity events, one unit of work, problem answers) against {@code POST /bare/bench-tasks},
 * a bare servlet that parses the same JSON and inserts the same row with plain Hibernate. Both run in
 * the same Jetty server, each on its own H2 in-memory database, driven by four client threads, each
 * with its own keep-alive HTTP/1.1 connection. Target: scribeStore at least 0.8 times bareServletStore.
 *
 * <p>{@code scribeStoreRecorded} is scribeStore with the console on ({@code POST /recorded/bench-tasks}: kernel
 * trace, request recorder with values, SQL statement count), on a third database. Target: at least 0.95 times
 * scribeStore.
 *
 * <pre>
 * mvn -B -q -pl scribe-bench -am package -DskipTests
 * java -jar scribe-bench/target/benchmarks.jar HttpBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(4)
@Warmup(iterations = 10, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.slf4j.simpleLogger.defaultLogLevel=error", "-Dorg.jboss.logging.provider=slf4j",
    // Idle client connections close before Jetty's 30 s idle timeout could close them under a request.
    "-Djdk.httpclient.keepalive.timeout=10"})
public class HttpBenchmark {
  private DataStore store;
  private DataStore recordedStore;
  private SessionFactory bare;
  private ScribeServer server;
  private URI scribeUri;
  private URI bareUri;
  private URI recordedUri;
  private final AtomicLong failures = new AtomicLong();

  @Setup(Level.Trial)
  public void start() {
    Scribe scribe = Scribe.builder().build();
    store = BenchStores.inMemory(scribe, "scribe-http-bench");
    BenchTaskRepository tasks = store.register(new BenchTaskRepository());
    RestApplication app = RestApplication.builder(store)
        .mount("bench-tasks", new Controller<>(tasks))
        .build();
    recordedStore = BenchStores.inMemory(Scribe.builder().trace(true).build(), "scribe-http-bench-recorded");
    RestApplication recorded = RestApplication.builder(recordedStore)
        .mount("bench-tasks", new Controller<>(recordedStore.register(new BenchTaskRepository())))
        .console(ConsoleOptions.enabled())
        .build();
    bare = new Configuration()
        .addAnnotatedClass(BenchTask.class)
        .setProperty("hibernate.connection.url", "jdbc:h2:mem:bare-http-bench;DB_CLOSE_DELAY=-1")
        .setProperty("hibernate.connection.username", "sa")
        .setProperty("hibernate.connection.password", "")
        .setProperty("hibernate.hbm2ddl.auto", "create-drop")
        // The same connection and JDBC settings as the DataStore of the Scribe side.
        .setProperty("hibernate.connection.pool_size", "10")
        .setProperty("hibernate.connection.autocommit", "false")
        .setProperty("hibernate.jdbc.batch_size", "50")
        .setProperty("jakarta.persistence.validation.mode", "NONE")
        .buildSessionFactory();
    server = ScribeServer.builder()
        .port(0)
        .application("/scribe/*", app)
        .application("/recorded/*", recorded)
        .servlet("/bare/*", new BareStoreServlet(bare, new ObjectMapper()))
        .start();
    scribeUri = server.uri().resolve("/scribe/bench-tasks");
    bareUri = server.uri().resolve("/bare/bench-tasks");
    recordedUri = server.uri().resolve("/recorded/bench-tasks");
  }

  @TearDown(Level.Trial)
  public void stop() {
    server.close();
    bare.close();
    store.close();
    recordedStore.close();
    StoreClient.requireAllStored(failures);
  }

  @Benchmark
  public int scribeStore(StoreClient client) throws Exception {
    return client.post(scribeUri, null, failures);
  }

  @Benchmark
  public int scribeStoreRecorded(StoreClient client) throws Exception {
    return client.post(recordedUri, null, failures);
  }

  @Benchmark
  public int bareServletStore(StoreClient client) throws Exception {
    return client.post(bareUri, null, failures);
  }
}
