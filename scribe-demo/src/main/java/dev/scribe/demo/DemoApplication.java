package dev.scribe.demo;

import dev.scribe.demo.audit.AuditEntry;
import dev.scribe.demo.audit.AuditRepository;
import dev.scribe.demo.audit.AuditSubscriber;
import dev.scribe.demo.audit.CompletionNotifier;
import dev.scribe.demo.audit.Notification;
import dev.scribe.demo.audit.NotificationRepository;
import dev.scribe.demo.tasks.Owners;
import dev.scribe.demo.tasks.Subtask;
import dev.scribe.demo.tasks.SubtaskRepository;
import dev.scribe.demo.tasks.Task;
import dev.scribe.demo.tasks.TaskController;
import dev.scribe.demo.tasks.TaskRepository;
import dev.scribe.demo.tasks.Titles;
import dev.scribe.controller.AuthController;
import dev.scribe.controller.ConsoleOptions;
import dev.scribe.controller.Controller;
import dev.scribe.controller.ControllerTier;
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
import dev.scribe.core.Veto;
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
  /** The system property with the relay's lease (an ISO-8601 duration; 30 s by default). */
  static final String OUTBOX_LEASE_PROPERTY = "scribe.demo.outboxLease";

  /** Where the change feed is served with {@code --broker}. */
  static final String CHANGES_PATH = "/_scribe/changes";

  /** The binding file shipped with the demo: named handlers bound to context paths. */
  static final String BINDINGS = "scribe-demo-bindings.json";

  private static final Map<String, Object> READ_ONLY = Map.of("insertable", false, "editable", false, "deletable", false);

  private final DemoOptions options;
  private final DataStore store;
  private final RestApplication app;
  private final IdentityStore identities;
  private final Cluster cluster;
  private final List<Controller<?, ?>> controllers;
  private ScribeServer server;
  private String generatedAdminPassword;

  private DemoApplication(DemoOptions options, DataStore store, RestApplication app, IdentityStore identities,
      Cluster cluster, List<Controller<?, ?>> controllers) {
    this.controllers = controllers;
    this.options = options;
    this.store = store;
    this.app = app;
    this.identities = identities;
    this.cluster = cluster;
  }

  /** Opens the database (creating the schema on first start) and builds the application; nothing listens yet. */
  static DemoApplication create(DemoOptions options) {
    Scribe scribe = Scribe.builder()
        .handler("trimTitle", DemoApplication::trimTitle)
        .handler("adminView", args -> ControllerTier.directive(args).put("view", "admin"))
        .bindingsResource(BINDINGS)
        // Always on: the console at /_scribe/ records each request's handler runs from the trace.
        .trace(true)
        .build();
    DataStore.Builder database = DataStore.builder(scribe);
    if (options.postgres()) {
      // Trust or password authentication as the URL says; the user postgres unless the URL names one.
      database.jdbcUrl(options.jdbcUrl()).username(options.jdbcUrl().contains("user=") ? null : "postgres");
      // Hibernate's update looks for tables and sequences in this schema only, not in every schema of the database.
      java.util.regex.Matcher schema = java.util.regex.Pattern.compile("[?&]currentSchema=([A-Za-z_][A-Za-z0-9_]*)")
          .matcher(options.jdbcUrl());
      database.property("hibernate.default_schema", schema.find() ? schema.group(1) : "public");
      // A schema that ?currentSchema= names is created when it does not exist yet, as its tables are.
      database.property("hibernate.hbm2ddl.create_namespaces", true);
    } else {
      database.jdbcUrl(jdbcUrl(options.database())).username("sa").password("");
    }
    DataStore store = database
        .entities(Task.class, Subtask.class, AuditEntry.class, Notification.class)
        .schemaAction("update")
        .build();
    Cluster cluster = Cluster.NONE;
    try {
      if (options.postgres()) {
        PostgresSequences.ensure(store, Task.class, Subtask.class, AuditEntry.class, Notification.class);
      }
      backfillTitleKeys(store);
      Clock clock = Clock.systemUTC();
      SubtaskRepository subtasks = store.register(new SubtaskRepository());
      TaskRepository tasks = store.register(new TaskRepository(subtasks));
      AuditRepository audit = store.register(new AuditRepository());
      NotificationRepository notifications = store.register(new NotificationRepository());
      scribe.tier(RepositoryTier.TIER).subscribe(new AuditSubscriber(store, clock));
      if (options.broker() == null) {
        store.events().register(new CompletionNotifier(store, clock));
      } else {
        cluster = Cluster.start(options, store, clock);
      }

      IdentityStore identities = IdentityStore.builder(store).build();
      TaskController taskController = new TaskController(tasks);
      Controller<Subtask, Long> subtaskController = new Controller<>(subtasks);
      RestApplication app = RestApplication.builder(store)
          .mount("tasks", taskController)
          .mount("admin", "tasks", taskController)
          .nest("tasks", "subtasks", subtaskController, "task")
          .mount("audit", new Controller<>(audit).configure(Config.of(READ_ONLY)))
          .mount("notifications", new Controller<>(notifications).configure(Config.of(READ_ONLY)))
          .trace(options.trace() ? TraceOptions.enabled() : TraceOptions.disabled())
          .trustedProxies(options.trustedProxies().toArray(String[]::new))
          .introspection(true)
          .auth(new AuthController(store, identities))
          .console(ConsoleOptions.enabled().capacity(500).requireRole(Owners.ADMIN))
          .build();
      return new DemoApplication(options, store, app, identities, cluster, List.of(taskController, subtaskController));
    } catch (RuntimeException e) {
      try {
        cluster.close();
      } finally {
        store.close();
      }
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
    try {
      generatedAdminPassword = AdminAccount.ensure(identities, options.adminPassword());
    } catch (Veto refused) {
      throw new AdminPasswordRefused(refused);
    }
    app.start();
    ScribeServer.Builder builder = ScribeServer.builder()
        .host(options.bind())
        .port(options.port())
        .application("/*", app);
    if (cluster.feed() != null) {
      builder.servlet(CHANGES_PATH, ChangeFeeds.servlet(cluster.feed(), store, identities, controllers));
    }
    server = builder.start();
    return server.uri();
  }

  /** The account rules refused {@code --admin-password}: a usage error, unlike any other refusal while starting. */
  static final class AdminPasswordRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AdminPasswordRefused(Veto refused) {
      super(describe(refused), refused);
    }

    /**
     * What the account rules say about the password, in words: the veto's own message is the HTTP answer's
     * ("see errors"), which on the command line came with a Java map of the errors.
     */
    private static String describe(Veto refused) {
      List<String> problems = new java.util.ArrayList<>();
      refused.fieldErrors().forEach((field, messages) ->
          messages.forEach(message -> problems.add("the " + field + " " + message)));
      return problems.isEmpty() ? refused.getMessage() : String.join("; ", problems) + "; choose another";
    }
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

  /** The outbox, feed and notification consumer of {@code --broker}; {@link Cluster#NONE} without one. */
  Cluster cluster() {
    return cluster;
  }

  @Override
  public void close() {
    try {
      if (cluster.feed() != null) {
        cluster.feed().close();  // ends the open change streams, which would otherwise hold the server's stop
      }
      if (server != null) {
        server.close();
      }
    } finally {
      try {
        cluster.close();
      } finally {
        store.close();
      }
    }
  }

  private static String jdbcUrl(Path database) {
    return database == null ? "jdbc:h2:mem:scribe-demo-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1"
        // H2's own trace file is off: a database that cannot open is reported once, by the exception, not
        // again as a stack trace H2 prints when it cannot write that file either
        : "jdbc:h2:file:" + database.toAbsolutePath() + ";TRACE_LEVEL_FILE=0";
  }

  /** Named handler bound to preSave on every path: titles are stored without surrounding blanks, no-break ones too. */
  private static void trimTitle(EventArgs args) {
    Map<String, Object> params = args.params();
    if (params != null && params.get("title") instanceof String) {
      params.put("title", Titles.trimmed((String) params.get("title")));
    }
  }
}
