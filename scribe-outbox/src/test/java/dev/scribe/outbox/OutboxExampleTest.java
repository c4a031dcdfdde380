package dev.scribe.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.eventbus.Subscribe;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.scribe.controller.RestApplication;
import dev.scribe.controller.ScribeServer;
import dev.scribe.controller.auth.IdentityStore;
import dev.scribe.controller.auth.TokenAuthenticator;
import dev.scribe.outbox.internal.wire.Rabbit;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Task;
import dev.scribe.repository.TaskRepository;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The code of docs/outbox.md, run against PostgreSQL and RabbitMQ. */
@Tag("broker")
class OutboxExampleTest {
  @RegisterExtension
  static final PostgresSchema POSTGRES = new PostgresSchema();

  @Test
  void theOutboxTheConsumerAndTheFeedOfTheGuide() throws Exception {
    String exchange = "scribe.test.example." + UUID.randomUUID().toString().substring(0, 8);
    String queue = exchange + ".billing";
    DataStore store = PostgresSchema.store(POSTGRES.create("app"), true, BrokerTest.ENTITIES);
    DataStore billingStore = PostgresSchema.store(POSTGRES.create("billing"), true, BrokerTest.ENTITIES);
    TaskRepository tasks = store.register(new TaskRepository());
    Set<String> received = ConcurrentHashMap.newKeySet();
    IdentityStore identities = IdentityStore.builder(store).build();
    RestApplication app = RestApplication.builder(store).mount("tasks", tasks).build();
    // tag::outbox-install[]
    Outbox outbox = Outbox.install(store, OutboxSettings.builder()
        .publisher(RabbitPublisher.create(URI.create("amqp://guest:guest@127.0.0.1:5672"), exchange))
        .maxAttempts(10)                                   // then the row is dead-lettered
        .build());
    // end::outbox-install[]
    // tag::outbox-consumer[]
    ChangeConsumer billing = ChangeConsumer.builder(URI.create("amqp://guest:guest@127.0.0.1:5672"), exchange, queue)
        .bind("Task.*")                                    // routing-key patterns; # when none
        .deduplicateIn(billingStore)                       // or a javax.sql.DataSource
        .maxAttempts(5)
        .listener(new Object() {
          @Subscribe public void on(ChangeMessage change) { received.add(change.aggregateId()); }
        })
        .start();
    // end::outbox-consumer[]
    // tag::outbox-feed[]
    ChangeFeed feed = ChangeFeed.start(URI.create("amqp://guest:guest@127.0.0.1:5672"), exchange);
    ScribeServer server = ScribeServer.builder().application("/*", app)
        .servlet("/_scribe/changes", feed.servlet(ScopedFeedAccess.builder(store)
            .caller(TokenAuthenticator.of(identities)::authenticate)
            .fields(FieldPolicy.builder().hide("Task", "budget").readRoles("Task", "priority", "admin").build())
            .build()))
        .start();
    // end::outbox-feed[]
    try {
      Task task = tasks.create(Map.of("title", "relayed", "priority", 2));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!received.contains(String.valueOf(task.getId())) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(received).contains(String.valueOf(task.getId()));

      HttpClient http = HttpClient.newHttpClient();
      URI changes = server.uri().resolve("/_scribe/changes");
      HttpResponse<String> refused = http.send(HttpRequest.newBuilder(changes).header("Authorization", "Bearer nonsense")
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
      assertThat(refused.body()).contains("\"message\"");
      // another scheme sent no bearer token: a challenge without an error code (RFC 6750, 3.1)
      HttpResponse<String> basic = http.send(HttpRequest.newBuilder(changes).header("Authorization", "Basic dXNlcjpwdw==")
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(basic.statusCode()).isEqualTo(401);
      assertThat(basic.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"scribe\"");
      // two Authorization headers are a malformed request, as on the application's routes
      HttpResponse<String> two = http.send(HttpRequest.newBuilder(changes).header("Authorization", "Bearer nonsense")
          .header("Authorization", "Bearer other").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(two.statusCode()).isEqualTo(400);
      assertThat(two.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"scribe\", error=\"invalid_request\"");
      assertThat(two.body()).contains("the request has 2 Authorization headers");
      HttpResponse<java.io.InputStream> stream = http.send(HttpRequest.newBuilder(changes).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertThat(stream.statusCode()).isEqualTo(200);
      assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
      stream.body().close();
    } finally {
      feed.close();                                        // ends the open streams, then the server stops at once
      server.close();
      billing.close();
      outbox.close();
      billingStore.close();
      store.close();
      try (Connection connection = Rabbit.factory(URI.create("amqp://guest:guest@127.0.0.1:5672")).newConnection();
           Channel channel = connection.createChannel()) {
        channel.queueDelete(queue);
        channel.queueDelete(queue + ".dead");
        channel.exchangeDelete(queue + ".dlx");
        channel.exchangeDelete(exchange);
      }
    }
  }
}
