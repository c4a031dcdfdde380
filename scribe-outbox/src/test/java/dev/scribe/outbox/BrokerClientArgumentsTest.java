package dev.scribe.outbox;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.ConfigurationException;
import dev.scribe.core.Scribe;
import dev.scribe.core.ScribeException;
import dev.scribe.core.UsageException;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Person;
import dev.scribe.repository.Subtask;
import dev.scribe.repository.Task;
import dev.scribe.repository.testing.TestDatabase;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker clients' entry points refuse a missing or unusable argument before they connect, with the
 * library's exception naming the argument and what to pass, not a bare NullPointerException from the AMQP
 * client or a failure at the first message. No broker is needed: nothing here connects to one.
 */
class BrokerClientArgumentsTest {
  static final URI BROKER = URI.create("amqp://guest:guest@127.0.0.1:5672");

  @RegisterExtension
  static final TestDatabase DB = TestDatabase.create();

  @Test
  void aPublisherWithoutABrokerOrAnExchangeIsRefusedNamingTheArgument() {
    assertThatThrownBy(() -> RabbitPublisher.create((URI) null, "scribe.changes"))
        .isInstanceOf(ScribeException.class).hasMessageContaining("RabbitPublisher.create(null");
    assertThatThrownBy(() -> RabbitPublisher.create((com.rabbitmq.client.ConnectionFactory) null, "scribe.changes"))
        .isInstanceOf(ScribeException.class).hasMessageContaining("RabbitPublisher.create(null");
    assertThatThrownBy(() -> RabbitPublisher.create(BROKER, null))
        .isInstanceOf(ScribeException.class).hasMessageContaining("exchange");
    assertThatThrownBy(() -> RabbitPublisher.create(BROKER, " "))
        .isInstanceOf(ScribeException.class).hasMessageContaining("exchange");
  }

  @Test
  void aChangeFeedWithoutABrokerOrAnExchangeIsRefusedBeforeItConnects() {
    assertThatThrownBy(() -> ChangeFeed.start(null, "scribe.changes"))
        .isInstanceOf(ScribeException.class).hasMessageContaining("ChangeFeed.start(null");
    assertThatThrownBy(() -> ChangeFeed.start(BROKER, null))
        .isInstanceOf(ScribeException.class).hasMessageContaining("exchange");
    assertThatThrownBy(() -> ChangeFeed.start(BROKER, ""))
        .isInstanceOf(ScribeException.class).hasMessageContaining("exchange");
  }

  @Test
  void aConsumerWithoutABrokerExchangeOrQueueIsRefusedNamingTheArgument() {
    assertThatThrownBy(() -> ChangeConsumer.builder(null, "scribe.changes", "billing"))
        .isInstanceOf(ScribeException.class).hasMessageContaining("ChangeConsumer.builder(null");
    assertThatThrownBy(() -> ChangeConsumer.builder(BROKER, null, "billing"))
        .isInstanceOf(ScribeException.class).hasMessageContaining("exchange");
    assertThatThrownBy(() -> ChangeConsumer.builder(BROKER, "scribe.changes", null))
        .isInstanceOf(ScribeException.class).hasMessageContaining("queue");
    assertThatThrownBy(() -> ChangeConsumer.builder(BROKER, "scribe.changes", " "))
        .isInstanceOf(ScribeException.class).hasMessageContaining("queue");
  }

  @Test
  void aConsumersSettingsAreCheckedWhenGivenNotAtItsFirstMessage() {
    ChangeConsumer.Builder builder = ChangeConsumer.builder(BROKER, "scribe.changes", "billing");
    assertThatThrownBy(() -> builder.bind(null)).isInstanceOf(ScribeException.class).hasMessageContaining("bind(null)");
    assertThatThrownBy(() -> builder.bind("")).isInstanceOf(ScribeException.class).hasMessageContaining("bind(\"\")");
    assertThatThrownBy(() -> builder.redeliveryDelay(null))
        .isInstanceOf(ScribeException.class).hasMessageContaining("redeliveryDelay");
    assertThatThrownBy(() -> builder.redeliveryDelay(Duration.ofMillis(-1)))
        .isInstanceOf(ScribeException.class).hasMessageContaining("redeliveryDelay");
    assertThatThrownBy(() -> builder.prefetch(-1)).isInstanceOf(ScribeException.class).hasMessageContaining("prefetch");
    assertThatThrownBy(() -> builder.prefetch(70_000)).isInstanceOf(ScribeException.class).hasMessageContaining("prefetch");
    assertThatThrownBy(() -> builder.consumerName(null))
        .isInstanceOf(ScribeException.class).hasMessageContaining("consumerName");
    assertThatThrownBy(() -> builder.processedTable(null))
        .isInstanceOf(ScribeException.class).hasMessageContaining("processedTable");
    assertThatThrownBy(() -> builder.processedTable("done; DROP TABLE task"))
        .isInstanceOf(ScribeException.class).hasMessageContaining("processedTable");
    assertThatThrownBy(() -> builder.deduplicateIn((dev.scribe.repository.DataStore) null))
        .isInstanceOf(ScribeException.class).hasMessageContaining("deduplicateIn(null)");
    assertThatThrownBy(() -> builder.deduplicateIn((javax.sql.DataSource) null))
        .isInstanceOf(ScribeException.class).hasMessageContaining("deduplicateIn(null)");
  }

  @Test
  void aNameLongerThanTheBrokerTakesIsRefusedWhenGivenNamingItsLimit() {
    // AMQP carries these names in short strings of at most 255 bytes: the client threw a bare IllegalArgumentException
    // ("Short string too long") at start, and the consumer's queue also names <queue>.dead, five bytes longer
    String exchange = "x".repeat(256);
    assertThatThrownBy(() -> RabbitPublisher.create(BROKER, exchange)).isInstanceOf(ConfigurationException.class)
        .hasMessage("RabbitPublisher.create(factory, \"" + exchange + "\"): the name is 256 bytes long in UTF-8, and"
            + " the broker takes at most 255; pass a shorter one");
    assertThatThrownBy(() -> ChangeFeed.start(BROKER, exchange)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("the broker takes at most 255");
    assertThatThrownBy(() -> ChangeConsumer.builder(BROKER, exchange, "billing"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("the broker takes at most 255");
    String queue = "é".repeat(126);
    assertThatThrownBy(() -> ChangeConsumer.builder(BROKER, "scribe.changes", queue))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("ChangeConsumer.builder(uri, exchange, \"" + queue + "\"): the name is 252 bytes long in UTF-8,"
            + " and the broker takes at most 250 (its dead-letter queue is <queue>.dead); pass a shorter one");
    ChangeConsumer.Builder builder = ChangeConsumer.builder(BROKER, "scribe.changes", "q".repeat(250));
    String pattern = "Task." + "*".repeat(251);
    assertThatThrownBy(() -> builder.bind(pattern)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("bind(\"" + pattern + "\") for consumer").hasMessageContaining("at most 255");
  }

  @Test
  void aConsumerNameLongerThanItsColumnIsRefusedWhenGivenAndTheQueuesNameWhenItDeduplicates() {
    // processed ids are recorded under it in a column of 200 characters: every message failed and went to the
    // dead-letter queue, logged as "a value is longer than its column allows"
    ChangeConsumer.Builder builder = ChangeConsumer.builder(URI.create("amqp://guest:guest@127.0.0.1:1"),
        "scribe.changes", "q".repeat(201));
    assertThatThrownBy(() -> builder.consumerName("n".repeat(201))).isInstanceOf(ConfigurationException.class)
        .hasMessage("consumerName(\"" + "n".repeat(201) + "\") for consumer " + "q".repeat(201) + ": the name is 201"
            + " characters long, and processed ids are recorded under at most 200; pass a shorter one");
    DataStore store = DB.store(Scribe.create(), Task.class, Subtask.class, Person.class);
    try {
      builder.deduplicateIn(store).listener(new Object() {
        @com.google.common.eventbus.Subscribe public void on(ChangeMessage change) { }
      });
      assertThatThrownBy(builder::start).isInstanceOf(ConfigurationException.class)
          .hasMessage("consumer " + "q".repeat(201) + " records its processed ids under its queue's name, which is 201"
              + " characters long, and the column holds at most 200; give it consumerName(...) of at most 200");
    } finally {
      store.close();
    }
  }

  @Test
  void aBrokerUriWithAPortOutOfRangeIsRefusedWhenGivenNamingTheUri() {
    URI badPort = URI.create("amqp://guest:guest@127.0.0.1:99999");
    assertThatThrownBy(() -> RabbitPublisher.create(badPort, "scribe.changes"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("amqp://guest:guest@127.0.0.1:99999")
        .hasMessageContaining("port 99999");
    assertThatThrownBy(() -> ChangeConsumer.builder(badPort, "scribe.changes", "billing"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("port 99999");
    assertThatThrownBy(() -> ChangeFeed.start(badPort, "scribe.changes"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("port 99999");
  }

  @Test
  void aBrokerUriWithoutASchemeIsRefusedNamingTheUriNotANullPointerException() {
    URI typo = URI.create("amqp//guest:guest@127.0.0.1:5672");   // the colon after amqp left out
    assertThatThrownBy(() -> RabbitPublisher.create(typo, "scribe.changes"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'amqp//guest:guest@127.0.0.1:5672'")
        .hasMessageContaining("amqp://user:password@host:5672/vhost");
    assertThatThrownBy(() -> ChangeConsumer.builder(typo, "scribe.changes", "billing"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'amqp//guest:guest@127.0.0.1:5672'");
    assertThatThrownBy(() -> ChangeFeed.start(typo, "scribe.changes"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'amqp//guest:guest@127.0.0.1:5672'");
  }

  @Test
  void aConsumerDeduplicatingInAClosedStoreIsRefusedSayingTheStoreIsClosed() {
    DataStore closed = DB.store(Scribe.create(), Task.class, Subtask.class, Person.class);
    closed.close();
    // the broker is not reached: the store is checked first
    assertThatThrownBy(() -> ChangeConsumer.builder(URI.create("amqp://guest:guest@127.0.0.1:1"), "scribe.changes", "billing")
        .deduplicateIn(closed)
        .listener(new Object() {
          @com.google.common.eventbus.Subscribe public void on(ChangeMessage change) { }
        })
        .start())
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("consumer billing")
        .hasMessageContaining("DataStore that is closed");
  }

  @Test
  void aFieldPolicyOrScopedAccessWithANullArgumentIsRefusedNamingIt() {
    assertThatThrownBy(() -> FieldPolicy.builder().hide(null, "budget"))
        .isInstanceOf(ScribeException.class).hasMessageContaining("hide(null");
    assertThatThrownBy(() -> FieldPolicy.builder().hide("Task", (String) null))
        .isInstanceOf(ScribeException.class).hasMessageContaining("hide(\"Task\"");
    assertThatThrownBy(() -> FieldPolicy.builder().readRoles(null, "priority", "admin"))
        .isInstanceOf(ScribeException.class).hasMessageContaining("readRoles(null");
    assertThatThrownBy(() -> FieldPolicy.builder().readRoles("Task", "priority", "admin", null))
        .isInstanceOf(ScribeException.class).hasMessageContaining("readRoles(\"Task\", \"priority\", [admin, null]");
    assertThatThrownBy(() -> FieldPolicy.builder().readRoles("Task", null, "admin"))
        .isInstanceOf(ScribeException.class).hasMessageContaining("readRoles(\"Task\", null");
    assertThatThrownBy(() -> ScopedFeedAccess.builder(null))
        .isInstanceOf(ScribeException.class).hasMessageContaining("ScopedFeedAccess.builder(null)");
    try (DataStore store = DB.store(Scribe.create(), Task.class, Subtask.class, Person.class)) {
      ScopedFeedAccess.Builder access = ScopedFeedAccess.builder(store);
      assertThatThrownBy(() -> access.caller(null)).isInstanceOf(ScribeException.class).hasMessageContaining("caller(null)");
      assertThatThrownBy(() -> access.fields(null)).isInstanceOf(ScribeException.class).hasMessageContaining("fields(null)");
    }
  }
}
