package dev.scribe.demo;

import dev.scribe.controller.AuthController;
import dev.scribe.controller.ConsoleOptions;
import dev.scribe.controller.Controller;
import dev.scribe.controller.ManagerDescription;
import dev.scribe.controller.RestApplication;
import dev.scribe.controller.ScribeServer;
import dev.scribe.controller.TraceOptions;
import dev.scribe.controller.auth.IdentityStore;
import dev.scribe.core.Config;
import dev.scribe.core.EventArgs;
import dev.scribe.core.EventDescription;
import dev.scribe.core.HandlerInfo;
import dev.scribe.core.Scribe;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.RepositoryTier;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The task tracker wired together: data store, repositories, controllers, subscribers, named handlers
 * and the routing table. Tests start it in-process on a free port; {@link DemoMain} starts it from the
 * command line.
 *
 * <pre>{@code
 * try (DemoApplication demo = DemoApplication.create(DemoOptions.parse(List.of("--port", "0", "--db", "mem")))) {
 *   URI uri = demo.serve();
 * }
 * }</pre>
 */
final class DemoApplication implements AutoCloseable {
  /** The binding file shipped with the demo: named handlers bound to context paths. */
  static final String BINDINGS = "scribe-demo-bindings.json";

  private static final Map<String, Object> READ_ONLY = Map.of("insertable", false, "editable", false, "deletable", false);

  private final DemoOptions options;
  private final DataStore store;
  private final RestApplication app;
  private final IdentityStore identities;
  private ScribeServer server;
  private String generatedAdminPassword;

  private DemoApplication(DemoOptions options, DataStore store, RestApplication app, IdentityStore identities) {
    this.options = options;
    this.store = store;
    this.app = app;
    this.identities = identities;
  }

  /** Opens the database (creating the schema on first start) and builds the application; nothing listens yet. */
  static DemoApplication create(DemoOptions options) {
    Scribe scribe = Scribe.builder()
        .handler("trimTitle", DemoApplication::trimTitle)
        .handler("adminView", args -> args.directive().put("view", "admin"))
        .bindingsResource(BINDINGS)
        // Always on: the console at /_scribe/ records each request's handler runs from the trace.
        .trace(true)
        .build();
    DataStore store = DataStore.builder(scribe)
        .jdbcUrl(jdbcUrl(options.database()))
        .username("sa")
        .password("")
        .entities(Task.class, Subtask.class, AuditEntry.class, Notification.class)
        .schemaAction("update")
        .build();
    try {
      backfillTitleKeys(store);
      Clock clock = Clock.systemUTC();
      SubtaskRepository subtasks = store.register(new SubtaskRepository());
      TaskRepository tasks = store.register(new TaskRepository(subtasks));
      AuditRepository audit = store.register(new AuditRepository());
      NotificationRepository notifications = store.register(new NotificationRepository());
      scribe.tier(RepositoryTier.TIER).subscribe(new AuditSubscriber(store, clock));
      store.events().register(new CompletionNotifier(store, clock));

      IdentityStore identities = IdentityStore.builder(store).build();
      TaskController taskController = new TaskController(tasks);
      RestApplication app = RestApplication.builder(store)
          .mount("tasks", taskController)
          .mount("admin", "tasks", taskController)
          .nest("tasks", "subtasks", new Controller<>(subtasks), "task")
          .mount("audit", new Controller<>(audit).configure(Config.of(READ_ONLY)))
          .mount("notifications", new Controller<>(notifications).configure(Config.of(READ_ONLY)))
          .trace(options.trace() ? TraceOptions.enabled() : TraceOptions.disabled())
          .introspection(true)
          .auth(new AuthController(store, identities))
          .console(ConsoleOptions.enabled().capacity(500).requireRole(Owners.ADMIN))
          .build();
      return new DemoApplication(options, store, app, identities);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** Tasks written before the title key existed get theirs, so the open-title rule sees them too. */
  private static void backfillTitleKeys(DataStore store) {
    store.inTransaction(() -> store.currentUnitOfWork().orElseThrow().entityManager()
        .createQuery("update Task t set t.titleKey = lower(trim(t.title)) where t.titleKey is null")
        .executeUpdate());
  }

  /**
   * Creates the admin account on first start, fires {@code onStart} (seeding an empty database) and starts
   * Jetty; returns the base URI.
   */
  URI serve() {
    generatedAdminPassword = AdminAccount.ensure(identities, options.adminPassword());
    app.start();
    server = ScribeServer.builder()
        .host(options.bind())
        .port(options.port())
        .application("/*", app)
        .start();
    return server.uri();
  }

  /** Every event manager of every tier with its handlers in dispatch order, as {@code --list-events} prints it. */
  String listEvents() {
    StringBuilder text = new StringBuilder();
    for (ManagerDescription manager : app.describeManagers()) {
      text.append(manager.tier()).append(' ').append(manager.owner()).append('\n');
      for (EventDescription event : manager.events()) {
        text.append("  ").append(event.event());
        if (event.handlers().isEmpty()) {
          text.append(" -\n");
          continue;
        }
        text.append('\n');
        for (HandlerInfo handler : event.handlers()) {
          text.append("    ").append(handler).append('\n');
        }
      }
    }
    return text.toString();
  }

  /** The random password the admin account was created with by {@link #serve()}, or null (existing account, or given by flag). */
  String generatedAdminPassword() {
    return generatedAdminPassword;
  }

  IdentityStore identities() {
    return identities;
  }

  RestApplication application() {
    return app;
  }

  DataStore store() {
    return store;
  }

  @Override
  public void close() {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      store.close();
    }
  }

  private static String jdbcUrl(Path database) {
    return database == null ? "jdbc:h2:mem:scribe-demo-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1"
        : "jdbc:h2:file:" + database.toAbsolutePath();
  }

  /** Named handler bound to preSave on every path: titles are stored without surrounding blanks. */
  private static void trimTitle(EventArgs args) {
    Map<String, Object> params = args.params();
    if (params != null && params.get("title") instanceof String) {
      params.put("title", ((String) params.get("title")).strip());
    }
  }
}
