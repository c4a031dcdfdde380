package dev.scribe.controller;

import dev.scribe.controller.auth.IdentityStore;
import dev.scribe.controller.secured.Doc;
import dev.scribe.controller.secured.DocNote;
import dev.scribe.controller.secured.DocNoteRepository;
import dev.scribe.controller.secured.DocRepository;
import dev.scribe.core.Config;
import dev.scribe.core.EventHandler;
import dev.scribe.core.EventManager;
import dev.scribe.core.Scribe;
import dev.scribe.core.Subscription;
import dev.scribe.core.User;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.testing.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A running application with users: owned documents at {@code /docs} and {@code /admin/docs} (admin role
 * only), notes nested at {@code /docs/{id}/notes}, the {@code /auth} routes over an identity store with a
 * clock the tests move, BCrypt at its lowest cost, and three accounts: {@code owner}, {@code other} and
 * {@code admin} (role admin), each with a token. Resets before each test.
 */
final class SecuredApp implements AutoCloseable, BeforeEachCallback, AfterAllCallback {
  static final String PASSWORD = "correct horse battery";

  final TestDatabase database;
  final Scribe scribe;
  final DataStore store;
  final DocRepository docs;
  final DocNoteRepository notes;
  final Controller<Doc, Long> docController;
  final Controller<DocNote, Long> noteController;
  final TestClock clock = new TestClock();
  final IdentityStore identities;
  final AuthController auth;
  final RestApplication app;
  final ScribeServer server;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final List<Subscription> subscriptions = new ArrayList<>();
  User owner;
  User other;
  User admin;
  String ownerToken;
  String otherToken;
  String adminToken;

  SecuredApp() {
    database = TestDatabase.create();
    try {
      database.open("secured");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the test database: " + e.getMessage(), e);
    }
    scribe = Scribe.builder().build();
    store = database.store(scribe, Doc.class, DocNote.class);
    docs = store.register(new DocRepository());
    notes = store.register(new DocNoteRepository());
    docController = new Controller<>(docs);
    noteController = new Controller<>(notes);
    identities = IdentityStore.builder(store).bcryptCost(4).clock(clock).tokenTtl(Duration.ofHours(1)).build();
    auth = new AuthController(store, identities);
    app = RestApplication.builder(store)
        .mount("docs", docController)
        .mount("admin", "docs", docController)
        .nest("docs", "notes", noteController, "doc")
        .auth(auth)
        .introspection(true)
        .build();
    server = ScribeServer.start(app, 0);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    reset();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  void reset() {
    subscriptions.forEach(Subscription::remove);
    subscriptions.clear();
    docController.configure(Config.empty().override("admin.**", Map.of(Access.REQUIRES_ROLE, "admin")));
    noteController.configure(Config.empty());
    clock.reset();
    execute("delete from sec_notes", "delete from sec_docs", "delete from scribe_tokens", "delete from scribe_users",
        "delete from scribe_auth_failures");
    owner = identities.register("owner", PASSWORD, Set.of());
    other = identities.register("other", PASSWORD, Set.of());
    admin = identities.register("admin", PASSWORD, Set.of("admin"));
    ownerToken = identities.issue(owner).token();
    otherToken = identities.issue(other).token();
    adminToken = identities.issue(admin).token();
  }

  void on(EventManager manager, String event, EventHandler handler) {
    subscriptions.add(manager.on(event, handler));
  }

  /** Sends {@code body} as JSON with {@code token} as bearer token (none when null). */
  Reply send(String method, String path, String body, String token, String... headers) {
    if (token == null) {
      return Reply.exchange(client, uri(path), method, body, headers);
    }
    String[] withToken = java.util.Arrays.copyOf(headers, headers.length + 2);
    withToken[headers.length] = "Authorization";
    withToken[headers.length + 1] = "Bearer " + token;
    return Reply.exchange(client, uri(path), method, body, withToken);
  }

  Reply get(String path, String token) {
    return send("GET", path, null, token);
  }

  Reply post(String path, String body, String token) {
    return send("POST", path, body, token);
  }

  URI uri(String path) {
    return server.uri().resolve(path);
  }

  /** Creates a document over HTTP as the token's user (anonymous when null); returns its id. */
  long createDoc(String title, String token) {
    Reply reply = post("/docs", "{\"title\": \"" + title + "\", \"reviewNote\": \"note of " + title + "\"}", token);
    if (reply.status() != 201) {
      throw new IllegalStateException("could not create a document: " + reply);
    }
    return ((Number) reply.map().get("id")).longValue();
  }

  long createNote(long docId, String text, String token) {
    Reply reply = post("/docs/" + docId + "/notes", "{\"text\": \"" + text + "\"}", token);
    if (reply.status() != 201) {
      throw new IllegalStateException("could not create a note: " + reply);
    }
    return ((Number) reply.map().get("id")).longValue();
  }

  long rows(String table) {
    return database.count(table);
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

  /** A clock the tests move forward. */
  static final class TestClock extends Clock {
    private final AtomicLong offsetMillis = new AtomicLong();

    void advance(Duration duration) {
      offsetMillis.addAndGet(duration.toMillis());
    }

    void reset() {
      offsetMillis.set(0);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public long millis() {
      return System.currentTimeMillis() + offsetMillis.get();
    }
  }
}
