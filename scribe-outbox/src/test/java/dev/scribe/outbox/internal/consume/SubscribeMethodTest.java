package dev.scribe.outbox.internal.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.eventbus.Subscribe;
import dev.scribe.core.ConfigurationException;
import dev.scribe.outbox.ChangeConsumer;
import dev.scribe.outbox.ChangeMessage;
import java.net.URI;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a consumer finds its listeners' {@code @Subscribe} methods, and what it refuses before connecting. */
class SubscribeMethodTest {
  static class Base {
    @Subscribe
    public void onChange(ChangeMessage message) {}
  }

  static class Derived extends Base {}

  static class Overriding extends Base {
    @Override
    @Subscribe
    public void onChange(ChangeMessage message) {}
  }

  /** A listener contract: Guava's bus finds {@code @Subscribe} on an interface's method and calls the implementation. */
  interface TaskListener {
    @Subscribe
    void onChange(ChangeMessage message);
  }

  static class ImplementsTheContract implements TaskListener {
    final java.util.List<String> received = new java.util.ArrayList<>();

    @Override
    public void onChange(ChangeMessage message) {
      received.add(message.aggregateId());
    }
  }

  interface Auditing {
    @Subscribe
    default void audit(ChangeMessage message) {}
  }

  static class AuditingListener implements Auditing {}

  static class ImplementsAndAnnotates implements TaskListener {
    @Override
    @Subscribe
    public void onChange(ChangeMessage message) {}
  }

  static class WantsConnection {
    @Subscribe
    public void onChange(ChangeMessage message, Connection connection) {}
  }

  @Test
  void aMethodInheritedFromASuperclassIsFoundAndAnOverrideRunsOnce() {
    assertThat(SubscribeMethod.of(List.of(new Derived()))).hasSize(1);
    assertThat(SubscribeMethod.of(List.of(new Overriding()))).hasSize(1);
  }

  @Test
  void aMethodAnnotatedOnAnInterfaceIsFoundAndCallsTheImplementationOnce() throws Exception {
    ImplementsTheContract listener = new ImplementsTheContract();
    List<SubscribeMethod> found = SubscribeMethod.of(List.of(listener));
    assertThat(found).hasSize(1);
    found.get(0).invoke(ChangeMessage.parse("{\"id\":\"e-7\",\"aggregateType\":\"Task\",\"aggregateId\":\"7\",\"type\":\"created\"}",
        1), null);
    assertThat(listener.received).containsExactly("7");
    assertThat(SubscribeMethod.of(List.of(new AuditingListener()))).hasSize(1);
    assertThat(SubscribeMethod.of(List.of(new ImplementsAndAnnotates()))).hasSize(1);
  }

  @Test
  void aListenerTakingTheConnectionNeedsADeduplicationToTakeItFrom() {
    assertThatThrownBy(() -> ChangeConsumer.builder(URI.create("amqp://guest:guest@127.0.0.1:5672"), "an.exchange",
        "a.queue").listener(new WantsConnection()).start())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("WantsConnection.onChange takes the java.sql.Connection of the de-duplication, but consumer"
            + " a.queue has none; add deduplicateIn(...), or drop the Connection parameter");
  }

  /**
   * The same object given twice ran each of its methods twice per message, in one transaction: every effect
   * doubled behind the de-duplication that promises one. Guava's bus registers an object once.
   */
  @Test
  void theSameListenerGivenTwiceIsRefused() {
    Derived listener = new Derived();
    assertThatThrownBy(() -> ChangeConsumer.builder(URI.create("amqp://guest:guest@127.0.0.1:5672"), "an.exchange",
        "a.queue").listener(listener).listener(listener))
        .isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessageContaining("listener(" + Derived.class.getName())
        .hasMessageContaining("consumer a.queue")
        .hasMessageContaining("already");
    // two objects of one class are two listeners, as on Guava's bus
    ChangeConsumer.builder(URI.create("amqp://guest:guest@127.0.0.1:5672"), "an.exchange", "a.queue")
        .listener(new Derived()).listener(new Derived());
  }
}
