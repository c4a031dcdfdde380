package dev.scribe.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.eventbus.Subscribe;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A broker that goes away is an outage the consumer rides out by reconnecting: its log says so in warnings of
 * one line, not in errors with the client library's stack traces for every failed attempt to reconnect.
 */
@Tag("broker")
class BrokerOutageLogTest {
  static final URI BROKER = ConsumerQueue.BROKER;

  @RegisterExtension
  final ConsumerQueue names = new ConsumerQueue("outagelog");
  private final String exchange = names.exchange();
  private final String queue = names.queue();

  @Test
  void aConsumerLosingTheBrokerLogsOneLineWarningsAndNoStackTraces() throws Exception {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (TcpProxy broker = new TcpProxy(5672)) {
      broker.start();
      ChangeConsumer consumer = ChangeConsumer.builder(URI.create("amqp://guest:guest@127.0.0.1:" + broker.port()),
              exchange, queue)
          .listener(new Object() {
            @Subscribe public void on(ChangeMessage change) {
              // nothing: the test is about the connection
            }
          })
          .start();
      try {
        await(consumer::connected);
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        broker.closeWhatConnects(true);  // its port takes connections and closes them before the AMQP handshake
        broker.cut();
        await(() -> !consumer.connected());
        Thread.sleep(2_500);  // the client tries to reconnect every second meanwhile, and fails
        broker.closeWhatConnects(false);
        await(consumer::connected);
      } finally {
        System.setErr(err);
        consumer.close();
      }
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).as("what was logged during the outage").contains("WARN").doesNotContain("ERROR")
        .doesNotContain("\tat ").contains("reconnecting to the broker failed").contains("127.0.0.1");
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }
}
