package dev.scribe.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.eventbus.Subscribe;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.scribe.outbox.internal.wire.Rabbit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A broker that goes away is an outage the consumer rides out by reconnecting: its log says so in warnings of
 * one line, not in errors with the client library's stack traces for every failed attempt to reconnect.
 */
@Tag("broker")
class BrokerOutageLogTest {
  static final URI BROKER = URI.create("amqp://guest:guest@127.0.0.1:5672");

  private final String unique = UUID.randomUUID().toString().substring(0, 8);
  private final String exchange = "scribe.test.outagelog." + unique;
  private final String queue = "scribe.test.outagelog.q." + unique;

  @AfterEach
  void deleteTheBrokersObjects() throws Exception {
    try (Connection admin = Rabbit.factory(BROKER).newConnection(); Channel channel = admin.createChannel()) {
      channel.queueDelete(queue);
      channel.queueDelete(queue + ".dead");
      channel.exchangeDelete(queue + ".dlx");
      channel.exchangeDelete(exchange);
    }
  }

  @Test
  void aConsumerLosingTheBrokerLogsOneLineWarningsAndNoStackTraces() throws Exception {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (RestartingBroker broker = new RestartingBroker()) {
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
        broker.restarting = true;  // its port takes connections and closes them before the AMQP handshake
        broker.cut();
        await(() -> !consumer.connected());
        Thread.sleep(2_500);  // the client tries to reconnect every second meanwhile, and fails
        broker.restarting = false;
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

  /** A port in front of the broker that either forwards or, while restarting, closes what connects at once. */
  private static final class RestartingBroker implements AutoCloseable {
    private final ServerSocket server = new ServerSocket();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    volatile boolean restarting;

    RestartingBroker() throws IOException {
      server.bind(new InetSocketAddress("127.0.0.1", 0));
      Thread acceptor = new Thread(() -> {
        while (!server.isClosed()) {
          try {
            Socket client = server.accept();
            if (restarting) {
              client.close();  // before the handshake: the client reads the end of the stream
              continue;
            }
            Socket target = new Socket("127.0.0.1", 5672);
            sockets.add(client);
            sockets.add(target);
            pump(client, target);
            pump(target, client);
          } catch (IOException e) {
            return;
          }
        }
      }, "restarting-broker");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    void cut() {
      for (Socket socket : sockets) {
        closeQuietly(socket);
      }
      sockets.clear();
    }

    private void pump(Socket from, Socket to) {
      Thread thread = new Thread(() -> {
        byte[] buffer = new byte[16_384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
          for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            out.write(buffer, 0, read);
            out.flush();
          }
        } catch (IOException e) {
          // one side closed
        } finally {
          closeQuietly(from);
          closeQuietly(to);
        }
      }, "restarting-broker-pump");
      thread.setDaemon(true);
      thread.start();
    }

    private static void closeQuietly(Socket socket) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // already closed
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
      cut();
    }
  }
}
