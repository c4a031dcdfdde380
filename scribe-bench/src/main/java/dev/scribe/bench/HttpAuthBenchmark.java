package dev.scribe.bench;

import dev.scribe.bench.http.BenchStores;
import dev.scribe.bench.http.BenchTaskRepository;
import dev.scribe.bench.http.StoreClient;
import dev.scribe.controller.Access;
import dev.scribe.controller.AuthController;
import dev.scribe.controller.Controller;
import dev.scribe.controller.RestApplication;
import dev.scribe.controller.ScribeServer;
import dev.scribe.controller.auth.IdentityStore;
import dev.scribe.core.Config;
import dev.scribe.core.Scribe;
import dev.scribe.core.User;
import dev.scribe.repository.DataStore;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * The cost of identity and authorization on the HTTP store path: {@code scribeStore} posts anonymously to
 * a controller without rules (as {@link HttpBenchmark#scribeStore}); {@code scribeStoreAuthenticated} posts
 * the same body with a bearer token from {@code /auth/login} to the same repository through a controller
 * that requires a user, so each request authenticates its token against the database, runs the action
 * check and carries the user through every tier. Same server, same database, four client threads with
 * keep-alive connections. Target: scribeStoreAuthenticated at least 0.9 times scribeStore.
 *
 * <pre>
 * mvn -B -q -pl scribe-bench -am package -DskipTests
 * java -jar scribe-bench/target/benchmarks.jar HttpAuthBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(4)
@Warmup(iterations = 10, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.slf4j.simpleLogger.defaultLogLevel=error", "-Dorg.jboss.logging.provider=slf4j",
    "-Djdk.httpclient.keepalive.timeout=10"})
public class HttpAuthBenchmark {
  private DataStore store;
  private ScribeServer server;
  private URI openUri;
  private URI secureUri;
  private String token;
  private final AtomicLong failures = new AtomicLong();

  @Setup(Level.Trial)
  public void start() {
    Scribe scribe = Scribe.builder().build();
    store = BenchStores.inMemory(scribe, "scribe-auth-bench");
    BenchTaskRepository tasks = store.register(new BenchTaskRepository());
    IdentityStore identities = IdentityStore.builder(store).build();
    User user = identities.register("bench", "a bench password", Set.of());
    token = identities.issue(user).token();
    RestApplication open = RestApplication.builder(store)
        .mount("bench-tasks", new Controller<>(tasks))
        .build();
    RestApplication secure = RestApplication.builder(store)
        .mount("bench-tasks", new Controller<>(tasks).configure(Config.of(Map.of(Access.REQUIRES_USER, true))))
        .auth(new AuthController(store, identities))
        .build();
    server = ScribeServer.builder()
        .port(0)
        .application("/open/*", open)
        .application("/secure/*", secure)
        .start();
    openUri = server.uri().resolve("/open/bench-tasks");
    secureUri = server.uri().resolve("/secure/bench-tasks");
  }

  @TearDown(Level.Trial)
  public void stop() {
    server.close();
    store.close();
    StoreClient.requireAllStored(failures);
  }

  @Benchmark
  public int scribeStore(StoreClient client) throws Exception {
    return client.post(openUri, null, failures);
  }

  @Benchmark
  public int scribeStoreAuthenticated(StoreClient client) throws Exception {
    return client.post(secureUri, token, failures);
  }
}
