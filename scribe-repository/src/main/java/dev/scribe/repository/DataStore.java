package dev.scribe.repository;

import com.google.common.eventbus.AsyncEventBus;
import com.google.common.eventbus.EventBus;
import dev.scribe.core.ConfigurationException;
import dev.scribe.core.Scribe;
import dev.scribe.core.UsageException;
import dev.scribe.entity.EntityCatalog;
import dev.scribe.entity.EntityModel;
import dev.scribe.repository.internal.store.ConnectionPool;
import dev.scribe.repository.internal.store.StoreRoles;
import dev.scribe.repository.internal.store.StoreSettings;
import dev.scribe.repository.internal.unit.Transactions;
import dev.scribe.repository.internal.unit.UnitState;
import jakarta.validation.ValidatorFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;

/**
 * The application's persistence: the Hibernate session factory, the entity classes and their event
 * managers, the repositories, the units of work, and the buses on which committed writes are published.
 *
 * <p>Thread-safe. A unit of work belongs to the thread that opened it. The store is a front: starting
 * Hibernate ({@code StoreBootstrap}), the repositories ({@code RepositoryRegistry}), the units of work
 * ({@code Transactions}), publishing ({@code CommitPublishing}), locks ({@code DatabaseLocks}) and the
 * translation of database failures ({@code ErrorTranslation}) are roles of their own.
 *
 * <pre>{@code
 * DataStore store = DataStore.builder(scribe)
 *     .jdbcUrl("jdbc:h2:mem:app;DB_CLOSE_DELAY=-1").username("sa").password("")
 *     .poolSize(10).connectionWait(Duration.ofSeconds(5))   // HikariCP; 503 after the wait
 *     .entities(Task.class, Subtask.class)
 *     .schemaAction("create-drop")
 *     .build();
 * TaskRepository tasks = store.register(new TaskRepository());
 * Task task = tasks.create(Map.of("title", "write the docs"));
 * }</pre>
 */
public final class DataStore implements AutoCloseable {
  private final Scribe scribe;
  private final StoreRoles roles;

  private DataStore(Builder builder) {
    this.scribe = builder.scribe;
    this.roles = new StoreRoles(scribe, builder.settings);
  }

  /** Starts configuring a data store for {@code scribe}. */
  public static Builder builder(Scribe scribe) {
    return new Builder(scribe);
  }

  /**
   * Registers a repository: creates its event manager (its convention-named methods are subscribed) and
   * binds it to its entity class. Returns its argument.
   *
   * @throws ConfigurationException when the entity class is not an entity of this store, its id type does
   *     not match, or the class already has a repository
   * @throws UsageException when {@code repository} is null or this store is closed
   */
  public <R extends Repository<?, ?>> R register(R repository) {
    if (repository == null) {
      throw new UsageException("register(null): pass the repository to register, e.g. store.register(new"
          + " TaskRepository())");
    }
    if (roles.hibernate().sessionFactory().isClosed()) {
      // else a second repository of a class is refused as a duplicate, and a first one is kept though it can never run
      throw new UsageException("this DataStore is closed; it cannot register " + repository.getClass().getName()
          + ". Register the repositories on a new DataStore, before it is closed");
    }
    return roles.repositories().register(this, repository);
  }

  /** The repository of {@code type}; an error naming the class when none is registered. */
  @SuppressWarnings("unchecked")
  public <E, ID> Repository<E, ID> repository(Class<E> type) {
    if (type == null) {
      throw new UsageException("repository(null): pass the entity class whose repository you want, e.g. repository(Task.class)");
    }
    return (Repository<E, ID>) roles.repositories().get(type);
  }

  /** The repository of {@code type}, if one is registered. */
  @SuppressWarnings("unchecked")
  public <E, ID> Optional<Repository<E, ID>> findRepository(Class<E> type) {
    if (type == null) {
      throw new UsageException("findRepository(null): pass the entity class whose repository you want, e.g."
          + " findRepository(Task.class)");
    }
    return Optional.ofNullable((Repository<E, ID>) roles.repositories().orNull(type));
  }

  /** Every registered repository, in no particular order. */
  public List<Repository<?, ?>> repositories() {
    return roles.repositories().all();
  }

  /** The entity classes, their models and event managers. */
  public EntityCatalog entities() {
    return roles.hibernate().catalog();
  }

  /** The model of an entity class of this store. */
  public <E> EntityModel<E> model(Class<E> type) {
    return roles.hibernate().catalog().model(type);
  }

  /**
   * Runs {@code work} in a unit of work: joins the one open on this thread, or opens one, commits it when
   * {@code work} returns and publishes its completed writes. A veto or exception rolls it back and reaches
   * the caller unchanged (Hibernate's optimistic-lock failures become {@link VersionConflictException}).
   */
  public <T> T inTransaction(Supplier<T> work) {
    if (work == null) {
      throw new UsageException("inTransaction(null): pass the work to run in the unit of work");
    }
    return roles.transactions().inTransaction(work);
  }

  /** {@link #inTransaction(Supplier)} for work without a result. */
  public void inTransaction(Runnable work) {
    if (work == null) {
      throw new UsageException("inTransaction(null): pass the work to run in the unit of work");
    }
    inTransaction(() -> {
      work.run();
      return null;
    });
  }

  /**
   * Runs {@code work} — which opens its unit of work with {@link #inTransaction}, or a repository call
   * that does — and runs it again, as a whole, when it fails in a way another run may not:
   *
   * <ul>
   *   <li>it lost a race ({@link VersionConflictException} from a concurrent commit, not from a version the
   *       caller stated; {@link LockConflictException}): rolled back, then run again after a short random
   *       pause, up to {@code retries} more times; the last failure reaches the caller. A lock wait that timed
   *       out ({@link LockConflictException#timedOut()}) is run again once only: a second one means the lock is
   *       held by a long unit of work, and more runs would only make the caller wait longer for the same 409;
   *   <li>a constraint violation of a unit that wrote several records surfaced at a flush that sent several
   *       of them, and the flush could not name the record itself (it replays the INSERTs of its group one
   *       at a time, see {@code FlushPoints}; an UPDATE at the commit it cannot): run once more with each
   *       record's statements sent before the next record, so that the violation is reported under the
   *       index of its record;
   *   <li>the database refused a record of a batch that runs with {@code ignoreErrors} (at a flush, or
   *       inline in such a run): run again with that record left out from the start and reported under
   *       its index among the batch's failures, as a record that a check refused is.
   * </ul>
   *
   * <p>{@code work} must be repeatable: start from the caller's input each time, not from what a previous
   * run changed. Only a committed run publishes its after-commit events. When a unit of work is already
   * open on this thread, {@code work} just joins it: the outermost caller decides about running again.
   *
   * <pre>{@code
   * Task task = store.retrying(5, () -> tasks.update(id, Map.of("priority", 2)));
   * }</pre>
   */
  public <T> T retrying(int retries, Supplier<T> work) {
    if (retries < 0) {
      throw new UsageException("retrying(" + retries + ", ...): pass how many more runs a lost race may get, 0 or more"
          + " (0 runs the work once)");
    }
    if (work == null) {
      throw new UsageException("retrying(" + retries + ", null): pass the work to run, e.g. () -> tasks.update(id,"
          + " params)");
    }
    return roles.transactions().retrying(retries, work);
  }

  /** True for a failure that another run of the same unit of work may not meet: a lost race. */
  public static boolean retryable(Throwable failure) {
    return Transactions.retryable(failure);
  }

  /**
   * Adds a listener that sees each unit of work's completed writes inside its transaction, just before the
   * commit (a transactional outbox writes its rows there). Add listeners before the first write.
   */
  public void addBeforeCommitListener(BeforeCommitListener listener) {
    if (listener == null) {
      // Refused here: a null in the list would fail every later unit of work with writes at its commit.
      throw new UsageException("addBeforeCommitListener(null): pass the code that sees each unit of work's writes"
          + " before it commits, e.g. (unit, writes) -> ...");
    }
    roles.publishing().addBeforeCommitListener(listener);
  }

  /**
   * Runs {@code work} on behalf of {@code user}: every unit of work it opens on this thread starts with that
   * user, so each repository call in it that names no user — a handler's own {@code list}, {@code find},
   * {@code count} or {@code forEach}, even outside the request's unit of work — reads inside the user's
   * row scope. The controller runs each request this way. Nested, the inner user is the caller of the inner work
   * (its calls that name no user, also in a unit of work already open) and the outer one is back after it,
   * whether it returned or threw; a nested call with a null user keeps the outer one.
   *
   * <pre>{@code
   * store.actingAs(user, () -> tasks.list(new Query(), CallOptions.none()));   // the user's tasks only
   * }</pre>
   */
  public <T> T actingAs(Object user, Supplier<T> work) {
    if (work == null) {
      throw new UsageException("actingAs(" + user + ", null): pass the work to run as that user, e.g. () -> tasks.list(new Query(), CallOptions.none())");
    }
    return roles.transactions().actingAs(user, work);
  }

  /** The unit of work open on this thread, if any. */
  public Optional<UnitOfWork> currentUnitOfWork() {
    return Optional.ofNullable(roles.transactions().current()).map(UnitState::unitOfWork);
  }

  /** The synchronous bus on which committed writes are published ({@link EntityEvent}). */
  public EventBus events() {
    return roles.publishing().events();
  }

  /** The asynchronous bus on which committed writes are published, on the configured executor. */
  public AsyncEventBus asyncEvents() {
    return roles.publishing().asyncEvents();
  }

  /** The application this store fires its events in. */
  public Scribe scribe() {
    return scribe;
  }

  /** The Hibernate session factory, for what the repositories do not cover. */
  public SessionFactory sessionFactory() {
    return roles.hibernate().sessionFactory();
  }

  /** Closes the session factory, the connection pool it opened, the owned validator factory and the owned async executor. */
  @Override
  public void close() {
    roles.close();
  }

  // ---- the roles, for the framework's own classes (dev.scribe.repository.internal.StoreAccess) ----

  StoreRoles roles() {
    return roles;
  }

  /** How many records of a batch are written between two flush points. */
  int batchSize() {
    return roles.hibernate().batchSize();
  }

  /** Collects the connection, entity classes and Hibernate settings of a {@link DataStore}. */
  public static final class Builder {
    private final Scribe scribe;
    private final StoreSettings settings = new StoreSettings();

    private Builder(Scribe scribe) {
      if (scribe == null) {
        throw new UsageException("DataStore.builder(null): pass the Scribe application the store fires its events in,"
            + " e.g. DataStore.builder(Scribe.create())");
      }
      this.scribe = scribe;
    }

    /** The JDBC URL, e.g. {@code jdbc:h2:mem:app;DB_CLOSE_DELAY=-1}. */
    public Builder jdbcUrl(String url) {
      if (url == null || url.isBlank()) {
        // null read as "no URL" and a blank one reached HikariCP, whose error named neither the call nor the fix
        throw new UsageException("DataStore.builder().jdbcUrl(" + (url == null ? "null" : "\"" + url + "\"") + "): pass"
            + " the JDBC URL of the database, e.g. jdbcUrl(\"jdbc:h2:mem:app;DB_CLOSE_DELAY=-1\"), or give a"
            + " dataSource(...) instead");
      }
      settings.jdbcUrl = url;
      return this;
    }

    /** The database user for {@link #jdbcUrl(String)}; ignored with {@link #dataSource(DataSource)}. */
    public Builder username(String user) {
      settings.username = user;
      return this;
    }

    /** The database password for {@link #jdbcUrl(String)}; ignored with {@link #dataSource(DataSource)}. */
    public Builder password(String secret) {
      settings.password = secret;
      return this;
    }

    /** A data source to use instead of a JDBC URL (a connection pool, typically). */
    public Builder dataSource(DataSource source) {
      if (source == null) {
        throw new UsageException("DataStore.builder().dataSource(null): pass the DataSource to use (a connection pool,"
            + " typically), or leave it out and give a jdbcUrl(...) for a HikariCP pool of the store's own");
      }
      settings.dataSource = source;
      return this;
    }

    /**
     * The most connections the pool opens for a {@link #jdbcUrl(String)} (HikariCP); default
     * {@value ConnectionPool#DEFAULT_SIZE}, at least 1, at most {@value #LARGEST_POOL}. Ignored with
     * {@link #dataSource(DataSource)}.
     */
    public Builder poolSize(int connections) {
      if (connections < 1 || connections > LARGEST_POOL) {
        // A pool no database fills never makes a unit of work wait for a free connection: a busy server opened
        // connections until the database refused one (PostgreSQL's "too many clients"), a 503 saying the
        // database cannot be reached, where connectionWait and a saturated pool's 503 were meant.
        throw new ConfigurationException("poolSize must be at least 1 and at most " + LARGEST_POOL
            + " connections, not " + connections);
      }
      settings.poolSize = connections;
      return this;
    }

    /** Each connection is a server process on PostgreSQL, whose max_connections defaults to 100. */
    private static final int LARGEST_POOL = 10_000;

    /**
     * How long a unit of work waits for a free pooled connection (default 5 s, at least 250 ms, at most
     * 2147483647 ms); after it, the work fails with {@link DatabaseUnavailableException} (HTTP 503) instead of queueing forever.
     */
    public Builder connectionWait(Duration wait) {
      settings.connectionWait = StoreDurations.between("connectionWait", wait, Duration.ofMillis(250));
      return this;
    }

    /**
     * The {@code Retry-After} a {@link DatabaseUnavailableException} proposes; default 1 s. It is sent in whole
     * seconds, rounded up and at least 1, as HTTP's delta-seconds are.
     */
    public Builder retryAfter(Duration delay) {
      settings.retryAfter = StoreDurations.between("retryAfter", delay, Duration.ZERO);
      return this;
    }

    /**
     * Whether a commit on an embedded H2 file database is written to the file before it returns (default
     * true: {@code WRITE_DELAY=0}), so that a write acknowledged to a client survives the process being
     * killed. False keeps H2's default of writing up to 500 ms later. Other databases are not affected.
     */
    public Builder durableCommits(boolean durable) {
      settings.durableCommits = durable;
      return this;
    }

    /** The entity classes; each gets an entity event manager. */
    public Builder entities(Class<?>... types) {
      if (types == null || Arrays.asList(types).contains(null)) {
        throw new UsageException("DataStore.builder().entities(" + (types == null ? "null" : Arrays.toString(types))
            + ") got null; pass the entity classes, e.g. entities(Task.class, Subtask.class)");
      }
      settings.entities.addAll(Arrays.asList(types));
      return this;
    }

    /** What Hibernate does with the schema at start: {@code create-drop}, {@code create}, {@code update}, {@code validate} or {@code none} (the default). */
    public Builder schemaAction(String action) {
      List<String> known = List.of("none", "create", "create-drop", "create-only", "drop", "update", "validate");
      if (action == null || !known.contains(action)) {
        throw new ConfigurationException("schemaAction '" + action + "' is not one Hibernate knows; use one of "
            + String.join(", ", known));
      }
      settings.schemaAction = action;
      return this;
    }

    /** Any Hibernate setting, e.g. {@code hibernate.default_schema}; wins over what the builder sets. */
    public Builder property(String name, Object value) {
      // Refused here: Hibernate's settings map would fail at build() with a NullPointerException naming neither.
      if (name == null) {
        throw new UsageException("DataStore.builder().property(null, " + value + "): pass the name of the Hibernate"
            + " setting, e.g. property(\"hibernate.default_schema\", \"app\")");
      }
      if (value == null) {
        throw new UsageException("DataStore.builder().property(\"" + name + "\", null): pass the setting's value;"
            + " leave the property out for Hibernate's default");
      }
      settings.properties.put(name, value);
      return this;
    }

    /** The executor of {@link DataStore#asyncEvents()}; by default a daemon thread owned by the store. */
    public Builder asyncExecutor(Executor executor) {
      if (executor == null) {
        throw new UsageException("DataStore.builder().asyncExecutor(null): pass the Executor that runs the asynchronous"
            + " after-commit subscribers, or leave it out for a daemon thread owned by the store");
      }
      settings.asyncExecutor = executor;
      return this;
    }

    /**
     * How long a unit of work waits for a row lock (an unconditional update) or a key lock
     * ({@link UnitOfWork#lock}) before it fails with {@link LockConflictException}; 5 s by default. On
     * PostgreSQL, the pool opened for a {@link #jdbcUrl} bounds every lock wait of its connections by it too
     * (a statement waiting for another session's table or row lock without a lock of the unit's own).
     */
    public Builder lockTimeout(Duration timeout) {
      settings.lockTimeout = StoreDurations.between("lockTimeout", timeout, Duration.ofMillis(1));
      return this;
    }

    /**
     * Whether the flush Hibernate runs before a query, while a record of a repository call is handled,
     * is scoped to what that record can have left unsent (true, the default: a query per record keeps a
     * batch linear) or walks every managed entity (false: Hibernate's own auto-flush). See
     * {@code docs/conflicts.md}.
     */
    public Builder scopedAutoFlush(boolean scoped) {
      settings.scopedAutoFlush = scoped;
      return this;
    }

    /** The Bean Validation factory; by default the provider's default factory. */
    public Builder validatorFactory(ValidatorFactory factory) {
      if (factory == null) {
        throw new UsageException("DataStore.builder().validatorFactory(null): pass the Bean Validation factory, or leave"
            + " it out for the provider's default factory");
      }
      settings.validatorFactory = factory;
      return this;
    }

    /**
     * Builds the session factory and the entity catalogue.
     *
     * @throws ConfigurationException when no entity class or no connection is given
     */
    public DataStore build() {
      settings.validate();
      return new DataStore(this);
    }
  }
}
