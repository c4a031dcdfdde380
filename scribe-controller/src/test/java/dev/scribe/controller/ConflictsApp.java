package dev.scribe.controller;

import dev.scribe.controller.conflicts.Member;
import dev.scribe.controller.conflicts.MemberRepository;
import dev.scribe.controller.conflicts.Membership;
import dev.scribe.controller.conflicts.MembershipRepository;
import dev.scribe.core.Config;
import dev.scribe.core.EventHandler;
import dev.scribe.core.EventManager;
import dev.scribe.core.Scribe;
import dev.scribe.core.Subscription;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.EntityEvent;
import dev.scribe.repository.testing.TestDatabase;
import com.google.common.eventbus.Subscribe;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A running application over members (unique e-mail, required short name) and their memberships (a
 * foreign key to the member), on the database {@code scribe.test.db} selects, served by Jetty on an
 * ephemeral port. Resets the tables, the controllers' options, the attached handlers and the recorded
 * after-commit events before each test.
 */
final class ConflictsApp implements AutoCloseable, BeforeEachCallback, AfterAllCallback {
  final TestDatabase database = TestDatabase.create();
  final DataStore store;
  final MemberRepository members;
  final MembershipRepository memberships;
  final Controller<Member, Long> memberController;
  final Controller<Membership, Long> membershipController;
  final ScribeServer server;
  /** Every event published after a commit, in order. */
  final List<EntityEvent> published = new CopyOnWriteArrayList<>();
  private final List<Subscription> subscriptions = new ArrayList<>();
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  ConflictsApp() {
    try {
      database.open("conflicts");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the test database: " + e.getMessage(), e);
    }
    store = database.storeBuilder(Scribe.create()).entities(Member.class, Membership.class).build();
    members = store.register(new MemberRepository());
    memberships = store.register(new MembershipRepository());
    memberController = new Controller<>(members);
    membershipController = new Controller<>(memberships);
    RestApplication app = RestApplication.builder(store)
        .mount("members", memberController)
        .mount("memberships", membershipController)
        .build();
    server = ScribeServer.start(app, 0);
    store.events().register(new Object() {
      @Subscribe
      public void on(EntityEvent event) {
        published.add(event);
      }
    });
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    subscriptions.forEach(Subscription::remove);
    subscriptions.clear();
    memberController.configure(Config.empty());
    membershipController.configure(Config.empty());
    execute("delete from c_memberships", "delete from c_members");
    published.clear();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  void on(EventManager manager, String event, EventHandler handler) {
    subscriptions.add(manager.on(event, handler));
  }

  Reply send(String method, String path, String json, String... headers) {
    return Reply.exchange(client, server.uri().resolve(path), method, json, headers);
  }

  long create(String path, String json) {
    Reply reply = send("POST", path, json);
    if (reply.status() != 201) {
      throw new IllegalStateException("could not create " + json + ": " + reply);
    }
    return ((Number) reply.map().get("id")).longValue();
  }

  /** Every row of {@code sql}, each as column (lower case) to value. */
  List<Map<String, Object>> query(String sql) {
    try (Connection connection = database.connection(); Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      List<Map<String, Object>> rows = new ArrayList<>();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run " + sql + ": " + e.getMessage(), e);
    }
  }

  void execute(String... statements) {
    try (Connection connection = database.connection(); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run " + List.of(statements) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
      store.close();
    } finally {
      try {
        database.close();
      } catch (SQLException e) {
        throw new IllegalStateException("cannot drop the test database: " + e.getMessage(), e);
      }
    }
  }
}
