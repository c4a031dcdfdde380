package dev.scribe.repository;

import com.google.common.eventbus.AsyncEventBus;
import com.google.common.eventbus.EventBus;
import com.zaxxer.hikari.HikariDataSource;
import dev.scribe.core.ConfigurationException;
import dev.scribe.core.EventManager;
import dev.scribe.core.Scribe;
import dev.scribe.core.TraceScope;
import dev.scribe.core.UsageException;
import dev.scribe.core.Veto;
import dev.scribe.entity.EntityCatalog;
import dev.scribe.entity.EntityModel;
import dev.scribe.entity.internal.EntityBinder;
import dev.scribe.entity.internal.EntityEventBridge;
import dev.scribe.entity.internal.ParamsCheck;
import dev.scribe.entity.internal.ScribeIntegrator;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PessimisticLockException;
import jakarta.persistence.RollbackException;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.hibernate.StaleObjectStateException;
import org.hibernate.StaleStateException;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.BootstrapServiceRegistry;
import org.hibernate.boot.registry.BootstrapServiceRegistryBuilder;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.H2Dialect;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's persistence: the Hibernate session factory, the entity classes and their event
 * managers, the repositories, the units of work, and the buses on which committed writes are published.
 *
 * <p>Thread-safe. A unit of work belongs to the thread that opened it.
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
  private static final Logger LOG = LoggerFactory.getLogger(DataStore.class);

  private final Scribe scribe;
  private final SessionFactory sessionFactory;
  private final StandardServiceRegistry registry;
  private final EntityCatalog catalog;
  private final EntityBinder binder;
  private final ParamsCheck paramsCheck;
  private final ValidatorFactory validatorFactory;
  private final boolean ownsValidatorFactory;
  private final AfterCommitBuses buses;
  private final ExecutorService ownedExecutor;
  private final Map<Class<?>, Repository<?, ?>> repositories = new ConcurrentHashMap<>();
  private final ThreadLocal<UnitOfWork> units = new ThreadLocal<>();
  private final Constraints constraints;
  private final KeyLocks keyLocks;
  private final java.util.function.Consumer<UnitOfWork> lockWait;
  private final long lockTimeoutMillis;
  /** True when the database locks a row across outer joins in the same SELECT that reads it. */
  private final boolean lockInOneSelect;
  private final boolean scopedAutoFlush;
  /** Records of a batch written between two flush points: Hibernate's JDBC batch size. */
  private final int batchSize;
  /** Set by {@link #retrying} while it runs its work again to attribute a constraint violation to its record. */
  private final ThreadLocal<Boolean> oneAtATime = new ThreadLocal<>();
  /** Set by {@link #retrying} while it runs: the records of ignoreErrors batches it runs again without. */
  private final ThreadLocal<DroppedRecords> dropped = new ThreadLocal<>();
  /** The caller of the work {@link #actingAs} runs on this thread: the user of every unit of work it opens. */
  private final ThreadLocal<Object> actingUser = new ThreadLocal<>();
  private final HikariDataSource pool;
  private final long retryAfterSeconds;
  private final List<BeforeCommitListener> beforeCommitListeners = new CopyOnWriteArrayList<>();

  private DataStore(Builder builder) {
    this.scribe = builder.scribe;
    this.retryAfterSeconds = builder.retryAfter.toSeconds();
    this.pool = builder.openPool();
    EntityEventBridge bridge = new EntityEventBridge();
    BootstrapServiceRegistry bootstrap = new BootstrapServiceRegistryBuilder()
        .applyIntegrator(new ScribeIntegrator(bridge))
        .build();
    Map<String, Object> settings = builder.settings(pool);
    this.batchSize = Math.max(1, Integer.parseInt(String.valueOf(settings.get("hibernate.jdbc.batch_size")).strip()));
    if (scribe.tracing()) {
      settings.putIfAbsent("hibernate.session_factory.statement_inspector", new TraceStatementCounter(scribe));
    }
    StandardServiceRegistry serviceRegistry = new StandardServiceRegistryBuilder(bootstrap)
        .applySettings(settings)
        .build();
    Metadata metadata;
    try {
      MetadataSources sources = new MetadataSources(serviceRegistry);
      builder.entities.forEach(sources::addAnnotatedClass);
      metadata = sources.buildMetadata();
      this.sessionFactory = metadata.buildSessionFactory();
    } catch (RuntimeException e) {
      StandardServiceRegistryBuilder.destroy(serviceRegistry);
      if (pool != null) {
        pool.close();
      }
      throw e;
    }
    this.registry = serviceRegistry;
    this.catalog = EntityCatalog.build(scribe, sessionFactory.getMetamodel(), builder.entities);
    this.constraints = Constraints.of(metadata, catalog);
    this.scopedAutoFlush = builder.scopedAutoFlush;
    if (scopedAutoFlush) {
      ScopedAutoFlush.install(sessionFactory.unwrap(SessionFactoryImplementor.class), units::get);
    }
    this.lockTimeoutMillis = builder.lockTimeout.toMillis();
    Dialect dialect = sessionFactory.unwrap(SessionFactoryImplementor.class).getJdbcServices().getDialect();
    this.lockInOneSelect = dialect.supportsOuterJoinForUpdate();
    long timeout = lockTimeoutMillis;
    if (dialect instanceof PostgreSQLDialect) {
      this.keyLocks = new KeyLocks.Advisory();
      this.lockWait = unit -> unit.entityManager().createNativeQuery("set local lock_timeout = " + timeout).executeUpdate();
    } else {
      this.keyLocks = new KeyLocks.InProcess(timeout);
      this.lockWait = dialect instanceof H2Dialect
          ? unit -> unit.entityManager().createNativeQuery("SET LOCK_TIMEOUT " + timeout).executeUpdate()
          : unit -> { };
    }
    this.validatorFactory = builder.validatorFactory != null ? builder.validatorFactory
        : Validation.buildDefaultValidatorFactory();
    this.ownsValidatorFactory = builder.validatorFactory == null;
    this.binder = new EntityBinder(catalog);
    this.paramsCheck = new ParamsCheck(validatorFactory.getValidator());
    bridge.connect(catalog, () -> {
      UnitOfWork unit = units.get();
      return unit == null ? null : unit.entities();
    });
    Executor executor = builder.asyncExecutor;
    if (executor == null) {
      ownedExecutor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "scribe-after-commit");
        thread.setDaemon(true);
        return thread;
      });
      executor = ownedExecutor;
    } else {
      ownedExecutor = null;
    }
    this.buses = new AfterCommitBuses(executor);
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
   */
  public <R extends Repository<?, ?>> R register(R repository) {
    Class<?> type = repository.entityType();
    EntityModel<?> model = catalog.find(type).orElseThrow(() -> new ConfigurationException(
        repository.getClass().getSimpleName() + " manages " + type.getName()
        + ", which is not an entity of this data store; add it with DataStore.builder(...).entities("
        + type.getSimpleName() + ".class)"));
    Class<?> idType = dev.scribe.entity.internal.ValueConverter.wrap(model.id().javaType());
    if (!idType.equals(repository.idType())) {
      throw new ConfigurationException(repository.getClass().getSimpleName() + " declares ids of type "
          + repository.idType().getSimpleName() + ", but " + type.getSimpleName() + "." + model.id().name() + " is a "
          + idType.getSimpleName() + "; declare it as Repository<" + type.getSimpleName() + ", " + idType.getSimpleName() + ">");
    }
    // Everything that can refuse the repository runs before it is recorded, so that a refusal leaves nothing behind.
    synchronized (repositories) {
      Repository<?, ?> existing = repositories.get(type);
      if (existing != null) {
        throw new ConfigurationException(type.getSimpleName() + " already has a repository ("
            + existing.getClass().getSimpleName() + "); register one repository per entity class");
      }
      repository.refuseIfRegistered();
      EventManager events = scribe.register(RepositoryTier.TIER, repository, Repository.class, repository.ownerName());
      repository.attach(this, events, model);
      repositories.put(type, repository);
    }
    return repository;
  }

  /** The repository of {@code type}; an error naming the class when none is registered. */
  @SuppressWarnings("unchecked")
  public <E, ID> Repository<E, ID> repository(Class<E> type) {
    Repository<?, ?> repository = repositories.get(type);
    if (repository == null) {
      throw new ConfigurationException("no repository is registered for " + type.getName()
          + "; register one with store.register(new " + type.getSimpleName() + "Repository())");
    }
    return (Repository<E, ID>) repository;
  }

  /** The repository of {@code type}, if one is registered. */
  @SuppressWarnings("unchecked")
  public <E, ID> Optional<Repository<E, ID>> findRepository(Class<E> type) {
    return Optional.ofNullable((Repository<E, ID>) repositories.get(type));
  }

  /** Every registered repository, in no particular order. */
  public List<Repository<?, ?>> repositories() {
    return List.copyOf(repositories.values());
  }

  /** The entity classes, their models and event managers. */
  public EntityCatalog entities() {
    return catalog;
  }

  /** The model of an entity class of this store. */
  public <E> EntityModel<E> model(Class<E> type) {
    return catalog.model(type);
  }

  /**
   * Runs {@code work} in a unit of work: joins the one open on this thread, or opens one, commits it when
   * {@code work} returns and publishes its completed writes. A veto or exception rolls it back and reaches
   * the caller unchanged (Hibernate's optimistic-lock failures become {@link VersionConflictException}).
   */
  public <T> T inTransaction(Supplier<T> work) {
    UnitOfWork current = units.get();
    if (current != null) {
      try {
        return work.get();
      } catch (RuntimeException e) {
        RuntimeException translated = translate(e);
        current.failed(translated);
        throw translated;
      }
    }
    EntityManager entityManager = sessionFactory.createEntityManager();
    TraceScope trace = scribe.openTrace();
    UnitOfWork unit = new UnitOfWork(entityManager, trace, this::translateRefusedRow);
    unit.useLocks(keyLocks, lockWait);
    unit.writeOneAtATime(Boolean.TRUE.equals(oneAtATime.get()));
    unit.scopedFlush(scopedAutoFlush);
    Object acting = actingUser.get();
    if (acting != null) {
      unit.setUser(acting);
    }
    units.set(unit);
    EntityTransaction transaction = entityManager.getTransaction();
    T result;
    boolean committed = false;
    try {
      transaction.begin();
      result = work.get();
      if (unit.failure() != null) {
        throw unit.failure();
      }
      if (unit.rollbackOnly()) {
        transaction.rollback();
      } else {
        beforeCommit(unit);
        // Flushed before the commit, so that a refused statement is translated while its entity is still managed.
        entityManager.flush();
        transaction.commit();
        committed = true;
      }
    } catch (RuntimeException | Error e) {
      // Translated before the rollback, which detaches the entities that tell which attribute failed.
      RuntimeException failure = e instanceof Error ? null
          : unit.failure() != null ? unit.failure() : translate((RuntimeException) e);
      rollbackQuietly(transaction, e);
      if (failure != null) {
        throw failure;
      }
      throw e;
    } finally {
      unit.releaseLocks();
      units.remove();
      trace.close();
      if (!committed) {
        entityManager.close();
        runQuietly(unit.afterRollbackActions(), "an after-rollback action failed");
      }
    }
    try {
      if (committed) {
        publish(unit);
      }
    } finally {
      entityManager.close();
    }
    return result;
  }

  /** {@link #inTransaction(Supplier)} for work without a result. */
  public void inTransaction(Runnable work) {
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
   *       pause, up to {@code retries} more times; the last failure reaches the caller;
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
    if (units.get() != null) {
      return work.get();
    }
    boolean replayed = false;
    int attempt = 0;
    DroppedRecords droppedRecords = new DroppedRecords();
    dropped.set(droppedRecords);
    try {
      while (true) {
        try {
          if (replayed) {
            oneAtATime.set(Boolean.TRUE);
          }
          return work.get();
        } catch (DroppedRecords.Dropped e) {
          if (!droppedRecords.add(e)) {
            throw e.reported;
          }
        } catch (ConstraintConflictException e) {
          if (e.attributed() || replayed) {
            throw e;
          }
          replayed = true;
        } catch (VersionConflictException | LockConflictException e) {
          if (attempt >= retries || !retryable(e)) {
            throw e;
          }
          pause(attempt++);
        } finally {
          oneAtATime.remove();
        }
      }
    } finally {
      dropped.remove();
    }
  }

  /** The records {@link #retrying} runs again without, or null outside it (a refused record then fails its batch). */
  DroppedRecords droppedRecords() {
    return dropped.get();
  }

  /** True for a failure that another run of the same unit of work may not meet: a lost race. */
  public static boolean retryable(Throwable failure) {
    if (failure instanceof LockConflictException) {
      return true;
    }
    return failure instanceof VersionConflictException && ((VersionConflictException) failure).actualVersion() == null;
  }

  /** A random pause, growing with the attempt, so that the losers of one race do not meet again at once. */
  private static void pause(int attempt) {
    long bound = Math.min(200, 10L << Math.min(attempt, 4));
    try {
      TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextLong(1, bound + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LockConflictException("interrupted while waiting to run the unit of work again");
    }
  }

  /**
   * Loads {@code id} with a write lock on its row (SELECT ... FOR UPDATE), held to the end of the unit:
   * concurrent unconditional updates of one record then wait for each other instead of failing at the
   * version check. The wait is bounded by the store's lock timeout ({@link LockConflictException}).
   */
  <E> E findForUpdate(UnitOfWork unit, Class<E> type, Object id) {
    unit.prepareLockWait();
    // One SELECT ... FOR UPDATE where the database can lock across the entity's outer joins, so the row is
    // never read before it is locked. PostgreSQL cannot lock the nullable side of an outer join: there the row
    // is read, then locked, and the version check turns a race in between into a retry.
    org.hibernate.LockOptions lock = new org.hibernate.LockOptions(org.hibernate.LockMode.PESSIMISTIC_WRITE);
    if (lockInOneSelect) {
      lock.setFollowOnLocking(false);
    }
    return unit.session().get(type, id, lock);
  }

  /**
   * Locks and loads the rows of {@code ids} in one {@code SELECT ... FOR UPDATE} (in id order, so two
   * batches locking overlapping rows take them in the same order), so that an update batch locks a group
   * of its records' rows per statement instead of one per record; each record's {@link #findForUpdate}
   * then finds its entity managed and locked. Does nothing where the database cannot lock across the
   * entity's outer joins in one statement: there each record locks its own row.
   */
  <E> void lockAll(UnitOfWork unit, Class<E> type, String entityName, String idName, java.util.Collection<?> ids) {
    if (!lockInOneSelect || ids.size() < 2) {
      return;
    }
    unit.prepareLockWait();
    unit.session().createQuery("select e from " + entityName + " e where e." + idName + " in (:ids) order by e."
            + idName, type)
        .setParameterList("ids", ids)
        .setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
        .getResultList();
  }

  /**
   * Adds a listener that sees each unit of work's completed writes inside its transaction, just before the
   * commit (a transactional outbox writes its rows there). Add listeners before the first write.
   */
  public void addBeforeCommitListener(BeforeCommitListener listener) {
    beforeCommitListeners.add(listener);
  }

  /**
   * Runs {@code work} on behalf of {@code user}: every unit of work it opens on this thread starts with that
   * user, so each repository call in it that names no user — a handler's own {@code list}, {@code find},
   * {@code count} or {@code forEach}, even outside the request's unit of work — reads inside the user's
   * row scope. The controller runs each request this way; nested calls keep the outer user.
   *
   * <pre>{@code
   * store.actingAs(user, () -> tasks.list(new Query(), CallOptions.none()));   // the user's tasks only
   * }</pre>
   */
  public <T> T actingAs(Object user, Supplier<T> work) {
    Object outer = actingUser.get();
    if (user == null || outer != null) {
      return work.get();
    }
    actingUser.set(user);
    try {
      return work.get();
    } finally {
      actingUser.remove();
    }
  }

  /** The unit of work open on this thread, if any. */
  public Optional<UnitOfWork> currentUnitOfWork() {
    return Optional.ofNullable(units.get());
  }

  /** The synchronous bus on which committed writes are published ({@link EntityEvent}). */
  public EventBus events() {
    return buses.events();
  }

  /** The asynchronous bus on which committed writes are published, on the configured executor. */
  public AsyncEventBus asyncEvents() {
    return buses.asyncEvents();
  }

  /** The application this store fires its events in. */
  public Scribe scribe() {
    return scribe;
  }

  /** The Hibernate session factory, for what the repositories do not cover. */
  public SessionFactory sessionFactory() {
    return sessionFactory;
  }

  /** Closes the session factory, the connection pool it opened, the owned validator factory and the owned async executor. */
  @Override
  public void close() {
    try {
      sessionFactory.close();
    } finally {
      StandardServiceRegistryBuilder.destroy(registry);
      if (pool != null) {
        pool.close();
      }
      if (ownsValidatorFactory) {
        validatorFactory.close();
      }
      if (ownedExecutor != null) {
        ownedExecutor.shutdown();
      }
    }
  }

  UnitOfWork requireUnit() {
    UnitOfWork unit = units.get();
    if (unit == null) {
      throw new UsageException("no unit of work is open on this thread; call it inside store.inTransaction(...)");
    }
    return unit;
  }

  /** True when a subscriber is registered on a bus, so completed writes must be recorded for publishing. */
  boolean publishing() {
    return buses.listened() || !beforeCommitListeners.isEmpty();
  }

  /** How many records of a batch are written between two flush points. */
  int batchSize() {
    return batchSize;
  }

  /** A row the database refused when it was inserted on its own: the failure of that entity's record. */
  private RuntimeException translateRefusedRow(RuntimeException refused, Object entity) {
    UnitOfWork unit = units.get();
    ConstraintConflictException constraint = constraints.translate(refused, entity, true, () -> managedEntities(unit));
    return constraint != null ? constraint : translate(refused, entity);
  }

  EntityBinder binder() {
    return binder;
  }

  ParamsCheck paramsCheck() {
    return paramsCheck;
  }

  Repository<?, ?> repositoryOrNull(Class<?> type) {
    return repositories.get(type);
  }

  private void beforeCommit(UnitOfWork unit) {
    if (beforeCommitListeners.isEmpty() || unit.published().isEmpty()) {
      return;
    }
    List<EntityEvent> writes = new ArrayList<>(unit.published().size());
    for (Supplier<EntityEvent> supplier : unit.published()) {
      writes.add(supplier.get());
    }
    List<EntityEvent> view = java.util.Collections.unmodifiableList(writes);
    for (BeforeCommitListener listener : beforeCommitListeners) {
      listener.beforeCommit(unit, view);
    }
  }

  private void publish(UnitOfWork unit) {
    for (Supplier<EntityEvent> supplier : unit.published()) {
      EntityEvent event;
      try {
        event = supplier.get();
      } catch (RuntimeException e) {
        LOG.warn("cannot build an after-commit event: {}", e.toString(), e);
        continue;
      }
      buses.post(event);
    }
    runQuietly(unit.afterCommitActions(), "an after-commit action failed (the transaction is committed)");
  }

  private static void runQuietly(List<Runnable> actions, String failed) {
    for (Runnable action : actions) {
      try {
        action.run();
      } catch (RuntimeException e) {
        LOG.warn("{}: {}", failed, e.toString(), e);
      }
    }
  }

  private static void rollbackQuietly(EntityTransaction transaction, Throwable cause) {
    try {
      if (transaction.isActive()) {
        transaction.rollback();
      }
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * Vetoes pass unchanged; optimistic-lock failures become {@link VersionConflictException}; a pool timeout
   * or a lost database connection becomes {@link DatabaseUnavailableException}.
   */
  RuntimeException translate(RuntimeException e) {
    return translate(e, null);
  }

  /** {@link #translate(RuntimeException)} naming {@code written} when Hibernate does not say which record failed. */
  RuntimeException translate(RuntimeException e, Object written) {
    if (e instanceof Veto || e instanceof DroppedRecords.Dropped) {
      return e;
    }
    if (e instanceof RecordRefusedAtFlush) {
      // Inside a record of an outer call, that call reports it under its record's index.
      UnitOfWork unit = units.get();
      return unit != null && unit.handlingRecord() ? e : ((RecordRefusedAtFlush) e).refusal();
    }
    DatabaseUnavailableException unavailable = DatabaseUnavailableException.in(e, retryAfterSeconds);
    if (unavailable != null) {
      return unavailable;
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof OptimisticLockException || cause instanceof StaleStateException) {
        return conflict(cause, e, written);
      }
      if (cause instanceof Veto && e instanceof RollbackException) {
        return (Veto) cause;
      }
    }
    RuntimeException lock = lockConflict(e);
    if (lock != null) {
      return lock;
    }
    UnitOfWork unit = units.get();
    boolean attributed = unit == null || unit.recordsEntered() <= 1 || unit.writesOneAtATime();
    ConstraintConflictException constraint = constraints.translate(e, written, attributed, () -> managedEntities(unit));
    return constraint != null ? constraint : e;
  }

  private static List<Object> managedEntities(UnitOfWork unit) {
    List<Object> entities = new ArrayList<>();
    if (unit != null) {
      for (Map.Entry<Object, org.hibernate.engine.spi.EntityEntry> entry
          : unit.session().getPersistenceContextInternal().reentrantSafeEntityEntries()) {
        entities.add(entry.getKey());
      }
    }
    return entities;
  }

  /** SQLStates of a lost race: serialisation failure, deadlock, lock not available (PostgreSQL), lock timeout and concurrent update (H2). */
  private static final java.util.Set<String> LOCK_STATES = java.util.Set.of("40001", "40P01", "55P03", "HYT00", "90131");

  private RuntimeException lockConflict(RuntimeException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      boolean lockFailure = cause instanceof PessimisticLockException
          || cause instanceof jakarta.persistence.LockTimeoutException
          || cause instanceof org.hibernate.PessimisticLockException
          || cause instanceof org.hibernate.exception.LockAcquisitionException;
      String state = cause instanceof java.sql.SQLException ? ((java.sql.SQLException) cause).getSQLState() : null;
      if (lockFailure || (state != null && LOCK_STATES.contains(state))) {
        String what = "40P01".equals(state) ? "the database broke a deadlock between this request and another"
            : "40001".equals(state) ? "the database could not serialise this request with a concurrent one"
            : "a record or key this request needed was locked by another request for more than " + lockTimeoutMillis + " ms";
        LockConflictException conflict = new LockConflictException(what + "; nothing was written, retry the request");
        conflict.initCause(e);
        return conflict;
      }
    }
    return null;
  }

  private VersionConflictException conflict(Throwable cause, RuntimeException original, Object written) {
    Object entity = cause instanceof OptimisticLockException ? ((OptimisticLockException) cause).getEntity() : null;
    if (entity == null) {
      entity = written;
    }
    StaleObjectStateException stale = null;
    for (Throwable c = original; c != null; c = c.getCause()) {
      if (c instanceof StaleObjectStateException) {
        stale = (StaleObjectStateException) c;
      }
    }
    String name = "record";
    Object id = null;
    Object version = null;
    if (entity != null) {
      EntityModel<?> model = catalog.modelOrNull(entity.getClass());
      if (model != null) {
        name = model.displayName();
        id = model.idOf(entity);
        version = model.versionOf(entity);
      }
    }
    if (stale != null) {
      id = id != null ? id : stale.getIdentifier();
      if (entity == null) {
        for (Class<?> type : catalog.types()) {
          if (type.getName().equals(stale.getEntityName())) {
            name = catalog.model(type).displayName();
          }
        }
      }
    }
    VersionConflictException conflict = new VersionConflictException(name, id, version, null);
    conflict.initCause(original);
    return conflict;
  }

  /** Collects the connection, entity classes and Hibernate settings of a {@link DataStore}. */
  public static final class Builder {
    private final Scribe scribe;
    private final List<Class<?>> entities = new ArrayList<>();
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private String jdbcUrl;
    private String username;
    private String password;
    private DataSource dataSource;
    private String schemaAction = "none";
    private Executor asyncExecutor;
    private ValidatorFactory validatorFactory;
    private java.time.Duration lockTimeout = java.time.Duration.ofSeconds(5);
    private int poolSize = ConnectionPool.DEFAULT_SIZE;
    private Duration connectionWait = ConnectionPool.DEFAULT_WAIT;
    private Duration retryAfter = Duration.ofSeconds(1);
    private boolean durableCommits = true;
    private boolean scopedAutoFlush = true;

    private Builder(Scribe scribe) {
      if (scribe == null) {
        throw new ConfigurationException("a data store needs the Scribe application it fires events in");
      }
      this.scribe = scribe;
    }

    /** The JDBC URL, e.g. {@code jdbc:h2:mem:app;DB_CLOSE_DELAY=-1}. */
    public Builder jdbcUrl(String url) {
      this.jdbcUrl = url;
      return this;
    }

    public Builder username(String user) {
      this.username = user;
      return this;
    }

    public Builder password(String secret) {
      this.password = secret;
      return this;
    }

    /** A data source to use instead of a JDBC URL (a connection pool, typically). */
    public Builder dataSource(DataSource source) {
      this.dataSource = source;
      return this;
    }

    /**
     * The most connections the pool opens for a {@link #jdbcUrl(String)} (HikariCP); default
     * {@value ConnectionPool#DEFAULT_SIZE}. Ignored with {@link #dataSource(DataSource)}.
     */
    public Builder poolSize(int connections) {
      this.poolSize = connections;
      return this;
    }

    /**
     * How long a unit of work waits for a free pooled connection (default 5 s, at least 250 ms); after it,
     * the work fails with {@link DatabaseUnavailableException} (HTTP 503) instead of queueing forever.
     */
    public Builder connectionWait(Duration wait) {
      this.connectionWait = wait;
      return this;
    }

    /** The {@code Retry-After} a {@link DatabaseUnavailableException} proposes; default 1 s. */
    public Builder retryAfter(Duration delay) {
      if (delay == null || delay.isNegative()) {
        throw new ConfigurationException("retryAfter must be zero or positive, not " + delay);
      }
      this.retryAfter = delay;
      return this;
    }

    /**
     * Whether a commit on an embedded H2 file database is written to the file before it returns (default
     * true: {@code WRITE_DELAY=0}), so that a write acknowledged to a client survives the process being
     * killed. False keeps H2's default of writing up to 500 ms later. Other databases are not affected.
     */
    public Builder durableCommits(boolean durable) {
      this.durableCommits = durable;
      return this;
    }

    /** The entity classes; each gets an entity event manager. */
    public Builder entities(Class<?>... types) {
      entities.addAll(Arrays.asList(types));
      return this;
    }

    /** What Hibernate does with the schema at start: {@code create-drop}, {@code create}, {@code update}, {@code validate} or {@code none} (the default). */
    public Builder schemaAction(String action) {
      this.schemaAction = action;
      return this;
    }

    /** Any Hibernate setting, e.g. {@code hibernate.default_schema}; wins over what the builder sets. */
    public Builder property(String name, Object value) {
      properties.put(name, value);
      return this;
    }

    /** The executor of {@link DataStore#asyncEvents()}; by default a daemon thread owned by the store. */
    public Builder asyncExecutor(Executor executor) {
      this.asyncExecutor = executor;
      return this;
    }

    /**
     * How long a unit of work waits for a row lock (an unconditional update) or a key lock
     * ({@link UnitOfWork#lock}) before it fails with {@link LockConflictException}; 5 s by default.
     */
    public Builder lockTimeout(java.time.Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new ConfigurationException("the lock timeout must be positive, not " + timeout);
      }
      this.lockTimeout = timeout;
      return this;
    }

    /**
     * Whether the flush Hibernate runs before a query, while a record of a repository call is handled,
     * is scoped to what that record can have left unsent (true, the default: a query per record keeps a
     * batch linear) or walks every managed entity (false: Hibernate's own auto-flush). See
     * {@code docs/conflicts.md}.
     */
    public Builder scopedAutoFlush(boolean scoped) {
      this.scopedAutoFlush = scoped;
      return this;
    }

    /** The Bean Validation factory; by default the provider's default factory. */
    public Builder validatorFactory(ValidatorFactory factory) {
      this.validatorFactory = factory;
      return this;
    }

    /**
     * Builds the session factory and the entity catalogue.
     *
     * @throws ConfigurationException when no entity class or no connection is given
     */
    public DataStore build() {
      if (entities.isEmpty()) {
        throw new ConfigurationException("a data store needs at least one entity class; add them with entities(...)");
      }
      if (jdbcUrl == null && dataSource == null && !properties.containsKey("jakarta.persistence.jdbc.url")
          && !properties.containsKey("hibernate.connection.url")) {
        throw new ConfigurationException("a data store needs a connection; set jdbcUrl(...) or dataSource(...)");
      }
      ConnectionPool.validate(poolSize, connectionWait);
      return new DataStore(this);
    }

    /** The HikariCP pool for {@link #jdbcUrl(String)}, or null when a data source or raw Hibernate settings are given. */
    HikariDataSource openPool() {
      if (dataSource != null || jdbcUrl == null) {
        return null;
      }
      return ConnectionPool.open(jdbcUrl, username, password, poolSize, connectionWait, durableCommits);
    }

    Map<String, Object> settings(DataSource pool) {
      Map<String, Object> settings = new LinkedHashMap<>();
      if (dataSource != null) {
        settings.put("hibernate.connection.datasource", dataSource);
      } else if (pool != null) {
        settings.put("hibernate.connection.datasource", pool);
      }
      settings.put("hibernate.hbm2ddl.auto", schemaAction);
      settings.put("jakarta.persistence.validation.mode", "NONE");
      settings.put("hibernate.jdbc.batch_size", "50");
      settings.put("hibernate.connection.autocommit", "false");
      settings.putAll(properties);
      return settings;
    }
  }
}
