package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.scribe.core.Scribe;
import dev.scribe.repository.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A database server whose connection is cut in the middle of a unit of work (a network failure, a proxy or
 * a load balancer in front of it restarting) cannot be reached; its disk is not full. PostgreSQL's driver
 * reports the cut as an {@code EOFException} under its connection error, an I/O error that was taken for an
 * embedded database that could not write its file. Runs on PostgreSQL ({@code -Ppostgres}).
 */
class LostServerConnectionTest {
  @RegisterExtension
  static final TestDatabase DB = TestDatabase.create();

  private CuttableProxy proxy;
  private DataStore store;

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
    if (proxy != null) {
      proxy.cut();
    }
  }

  @Test
  void aConnectionCutMidUnitIsAServerThatCannotBeReachedNotAFullDisk() throws IOException {
    Assumptions.assumeTrue(DB.isPostgres(), "the connection of a database server; run with -Ppostgres");
    proxy = new CuttableProxy(5432);
    store = DB.storeBuilder(Scribe.create())
        .jdbcUrl(DB.jdbcUrl().replace("127.0.0.1:5432/", "127.0.0.1:" + proxy.port() + "/"))
        .poolSize(2).connectionWait(Duration.ofSeconds(2))
        .schemaAction("create")  // no drop through the cut proxy at the close: the schema goes after the class
        .entities(Task.class, Subtask.class, Person.class, AuditEntry.class).build();
    TaskRepository tasks = store.register(new TaskRepository());
    tasks.create(params("title", "before the cut"));

    Throwable failure = catchThrowable(() -> store.inTransaction(() -> {
      tasks.create(params("title", "during the cut"));
      proxy.cut();
      return tasks.count(new Query(), CallOptions.none());
    }));

    DatabaseUnavailableException unavailable = DatabaseUnavailableException.in(failure);
    assertThat(unavailable).as("%s", failure).isNotNull();
    assertThat(unavailable.saturated()).isFalse();
    assertThat(unavailable.getMessage()).startsWith("the database cannot be reached or is restarting");
    assertThat(DB.count("Task")).as("the unit was rolled back").isEqualTo(1);
  }

  /** A TCP proxy in front of the database server whose {@link #cut()} closes every connection through it. */
  private static final class CuttableProxy {
    private final ServerSocket server = new ServerSocket();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    CuttableProxy(int targetPort) throws IOException {
      server.bind(new InetSocketAddress("127.0.0.1", 0));
      Thread acceptor = new Thread(() -> {
        while (!server.isClosed()) {
          try {
            Socket client = server.accept();
            Socket target = new Socket("127.0.0.1", targetPort);
            sockets.add(client);
            sockets.add(target);
            pump(client, target);
            pump(target, client);
          } catch (IOException e) {
            return;
          }
        }
      }, "cuttable-proxy-accept");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
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
      }, "cuttable-proxy-pump");
      thread.setDaemon(true);
      thread.start();
    }

    void cut() {
      try {
        server.close();
      } catch (IOException ignored) {
        // already closed
      }
      for (Socket socket : sockets) {
        closeQuietly(socket);
      }
    }

    private static void closeQuietly(Socket socket) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
  }
}
