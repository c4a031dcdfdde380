package dev.scribe.repository.internal.unit;

import java.lang.reflect.Field;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.AssertionFailure;
import org.hibernate.action.internal.AbstractEntityInsertAction;
import org.hibernate.action.internal.EntityInsertAction;
import org.hibernate.engine.spi.ActionQueue;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.ExecutableList;
import org.hibernate.engine.spi.PersistenceContext;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.event.service.spi.EventListenerGroup;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventSource;
import org.hibernate.event.spi.EventType;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostInsertEventListener;
import org.hibernate.event.spi.PreInsertEvent;
import org.hibernate.event.spi.PreInsertEventListener;
import org.hibernate.metamodel.mapping.BasicValuedModelPart;
import org.hibernate.metamodel.mapping.internal.BasicAttributeMapping;
import org.hibernate.persister.entity.EntityPersister;

/**
 * The queued INSERTs at a flush point, when every one is of an entity of a plain type (one table, basic columns
 * only, an id assigned at persist, no cache, natural id, generated values, dynamic insert or custom SQL), sent as
 * JDBC batches of one {@code INSERT INTO t (columns) VALUES (?, ...)} per type, its text built once. What
 * Hibernate's insert action does is done here in the same order with the same listeners: the {@code PRE_INSERT}
 * listeners (the unit's replay journal, reference locks; a veto skips the row, a change to the state is written),
 * the row, then the entry made existing in the database with its state as loaded, the inserted key registered,
 * the {@code POST_INSERT} listeners (the entity-tier {@code postPersist}, JPA {@code @PostPersist}; they fire
 * once the rows are in the database, where Hibernate's fired as the row joined its JDBC batch) and the
 * statistics. The id, the version's initial value and JPA {@code @PrePersist} callbacks come at persist, as before.
 * A refused row fails the batch; the flush point's replay then names its record.
 *
 * <p>Hibernate's insert action decomposes every attribute into its JDBC values and builds its statement's
 * description anew for each row: in a profile of a create batch on H2, two thirds of its insert actions' time was
 * spent outside H2's execution of the batches. When a queued insert is of any other type
 * (or an identity id's early insert, which never waits in the queue), every queued insert goes through
 * Hibernate's action as before. Hibernate keeps its queue private: it is read by reflection, and emptied as
 * Hibernate's own execution of it would be.
 */
final class DirectInserts {
  /** Hibernate's queue of inserts, or null when its ActionQueue has no such field: every insert is then Hibernate's. */
  private static final Field INSERTIONS = insertionsField();

  private final SessionImplementor session;
  private final EventListenerGroup<PreInsertEventListener> preInsert;
  private final EventListenerGroup<PostInsertEventListener> postInsert;
  private final Map<EntityPersister, Plan> plans = new IdentityHashMap<>();

  DirectInserts(SessionImplementor session) {
    this.session = session;
    EventListenerRegistry registry = session.getFactory().getServiceRegistry().requireService(EventListenerRegistry.class);
    boolean plainSession = CommitFlush.plainInterceptor(session.getInterceptor())
        && registry.getEventListenerGroup(EventType.POST_COMMIT_INSERT).isEmpty()
        && !session.getFactory().getSessionFactoryOptions().isQueryCacheEnabled();
    this.preInsert = plainSession ? registry.getEventListenerGroup(EventType.PRE_INSERT) : null;
    this.postInsert = plainSession ? registry.getEventListenerGroup(EventType.POST_INSERT) : null;
  }

  private static Field insertionsField() {
    try {
      Field field = ActionQueue.class.getDeclaredField("insertions");
      field.setAccessible(true);
      return field.getType() == ExecutableList.class ? field : null;
    } catch (NoSuchFieldException | RuntimeException e) {
      return null;
    }
  }

  /** Sends the queued inserts when all are of plain types; false, having done nothing, otherwise. */
  @SuppressWarnings("unchecked")
  boolean send() {
    if (preInsert == null || INSERTIONS == null) {
      return false;
    }
    ExecutableList<AbstractEntityInsertAction> queued;
    try {
      queued = (ExecutableList<AbstractEntityInsertAction>) INSERTIONS.get(session.getActionQueue());
    } catch (IllegalAccessException e) {
      return false;
    }
    if (queued == null || queued.isEmpty()) {
      return false;
    }
    int size = queued.size();
    List<EntityInsertAction> actions = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      AbstractEntityInsertAction action = queued.get(i);
      if ((action.getClass() != EntityInsertAction.class && action.getClass() != DirectPersist.PlainInsertAction.class)
          || plans.computeIfAbsent(action.getPersister(), Plan::of) == Plan.NONE) {
        return false;
      }
      actions.add((EntityInsertAction) action);
    }
    // taken out of Hibernate's queue as its executeActions clears it before the last JDBC batch is sent
    queued.clear();
    session.getJdbcCoordinator().executeBatch(); // Hibernate's statements first, in the order they were queued
    Integer configured = session.getConfiguredJdbcBatchSize();
    int batchSize = configured == null || configured < 1 ? session.getJdbcServices().getJdbcEnvironment()
        .getDialect().getDefaultStatementBatchSize() : configured;
    Map<Plan, Batch> batches = new LinkedHashMap<>();
    boolean[] vetoes = new boolean[size];
    try {
      for (int i = 0; i < size; i++) {
        EntityInsertAction action = actions.get(i);
        if (vetoed(action)) {
          vetoes[i] = true;
          continue;
        }
        Plan plan = plans.get(action.getPersister());
        Batch batch = batches.get(plan);
        if (batch == null) {
          batch = new Batch(plan, session.getJdbcCoordinator().getStatementPreparer().prepareStatement(plan.sql));
          batches.put(plan, batch);
        }
        batch.add(action, batchSize);
      }
      for (Batch batch : batches.values()) {
        batch.execute();
      }
    } finally {
      for (Batch batch : batches.values()) {
        session.getJdbcCoordinator().getLogicalConnection().getResourceRegistry().release(batch.statement);
      }
      session.getJdbcCoordinator().afterStatementExecution();
    }
    PersistenceContext context = session.getPersistenceContextInternal();
    boolean statistics = session.getFactory().getStatistics().isStatisticsEnabled();
    for (int i = 0; i < size; i++) {
      EntityInsertAction action = actions.get(i);
      if (!vetoes[i]) {
        EntityEntry entry = context.getEntry(action.getInstance());
        if (entry == null) {
          throw new AssertionFailure("possible non-threadsafe access to session");
        }
        entry.postInsert(action.getState());
        context.registerInsertedKey(action.getPersister(), action.getId());
      }
      // as Hibernate's insert action: POST_INSERT fires for a vetoed row too, the statistics count written rows
      if (!postInsert.isEmpty()) {
        PostInsertEvent event = new PostInsertEvent(action.getInstance(), action.getId(), action.getState(),
            action.getPersister(), (EventSource) session);
        for (PostInsertEventListener listener : postInsert.listeners()) {
          listener.onPostInsert(event);
        }
      }
      if (statistics && !vetoes[i]) {
        session.getFactory().getStatistics().insertEntity(action.getPersister().getEntityName());
      }
    }
    return true;
  }

  private boolean vetoed(EntityInsertAction action) {
    if (preInsert.isEmpty()) {
      return false;
    }
    PreInsertEvent event = new PreInsertEvent(action.getInstance(), action.getId(), action.getState(),
        action.getPersister(), (EventSource) session);
    boolean veto = false;
    for (PreInsertEventListener listener : preInsert.listeners()) {
      veto |= listener.onPreInsert(event);
    }
    return veto;
  }

  private final class Batch {
    final Plan plan;
    final PreparedStatement statement;
    int added;

    Batch(Plan plan, PreparedStatement statement) {
      this.plan = plan;
      this.statement = statement;
    }

    void add(EntityInsertAction action, int batchSize) {
      try {
        Object[] state = action.getState();
        int index = 1;
        for (int property = 0; property < state.length; property++) {
          if (plan.columns[property] != null) {
            PlainTable.bind(statement, plan.mappings[property], state[property], index++, session);
          }
        }
        PlainTable.bind(statement, plan.idMapping, action.getId(), index, session);
        statement.addBatch();
      } catch (SQLException e) {
        throw session.getJdbcServices().getSqlExceptionHelper().convert(e, "could not bind the insert of "
            + action.getEntityName() + " " + action.getId(), plan.sql);
      }
      if (++added >= batchSize) {
        execute();
      }
    }

    void execute() {
      if (added == 0) {
        return;
      }
      try {
        statement.executeBatch();
      } catch (SQLException e) {
        throw session.getJdbcServices().getSqlExceptionHelper().convert(e, "could not execute batch", plan.sql);
      }
      added = 0;
    }
  }

  private static final class Plan {
    static final Plan NONE = new Plan(null, null, null);

    final String sql;
    final String[] columns;
    final BasicValuedModelPart[] mappings;
    final BasicValuedModelPart idMapping;

    private Plan(String sql, String[] columns, BasicValuedModelPart[] mappings, BasicValuedModelPart idMapping) {
      this.sql = sql;
      this.columns = columns;
      this.mappings = mappings;
      this.idMapping = idMapping;
    }

    private Plan(String sql, String[] columns, BasicValuedModelPart[] mappings) {
      this(sql, columns, mappings, null);
    }

    static Plan of(EntityPersister persister) {
      PlainTable plain = PlainTable.of(persister);
      if (plain == null || persister.hasInsertGeneratedProperties()
          || plain.persister.getIdentifierTableMapping().getInsertDetails().getCustomSql() != null
          || persister.getEntityMetamodel().isDynamicInsert() || persister.getDiscriminatorMapping() != null) {
        return NONE;
      }
      BasicAttributeMapping[] mappings = plain.attributes;
      boolean[] insertability = persister.getPropertyInsertability();
      String[] columns = new String[mappings.length];
      StringBuilder sql = new StringBuilder("insert into ").append(plain.table).append(" (");
      for (int i = 0; i < mappings.length; i++) {
        if (insertability[i] && mappings[i].isInsertable()) {
          columns[i] = mappings[i].getSelectionExpression();
          sql.append(columns[i]).append(',');
        }
      }
      sql.append(plain.id.getSelectionExpression()).append(") values (");
      for (String column : columns) {
        if (column != null) {
          sql.append("?,");
        }
      }
      sql.append("?)");
      return new Plan(sql.toString(), columns, mappings, plain.id);
    }
  }
}
