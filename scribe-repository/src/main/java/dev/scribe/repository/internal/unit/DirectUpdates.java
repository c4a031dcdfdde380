package dev.scribe.repository.internal.unit;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hibernate.HibernateException;
import org.hibernate.StaleObjectStateException;
import org.hibernate.engine.OptimisticLockStyle;
import org.hibernate.engine.internal.Nullability;
import org.hibernate.engine.internal.Versioning;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.SelfDirtinessTracker;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.engine.spi.Status;
import org.hibernate.event.service.spi.EventListenerGroup;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventSource;
import org.hibernate.event.spi.EventType;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.event.spi.PostUpdateEventListener;
import org.hibernate.event.spi.PreUpdateEvent;
import org.hibernate.event.spi.PreUpdateEventListener;
import org.hibernate.jpa.event.spi.CallbackRegistry;
import org.hibernate.jpa.event.spi.CallbackType;
import org.hibernate.metamodel.mapping.BasicValuedModelPart;
import org.hibernate.metamodel.mapping.JdbcMapping;
import org.hibernate.metamodel.mapping.internal.BasicAttributeMapping;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.type.TypeHelper;

/**
 * The UPDATEs of the pending update records at a flush point, for entities of a plain type (one table, basic
 * columns only, no cache, natural id, generated values or custom SQL), sent as JDBC batches of statements that
 * set only the columns that changed and check the version the row was read at. What Hibernate's flush of the
 * entity does is done here in the same order with the same listeners: its dirty check against the loaded state
 * (nothing dirty, nothing sent), the new version, the nullability check, the {@code PRE_UPDATE} listeners (the
 * entity-tier {@code preUpdate}, the unit's journal; a veto skips the row), the row, then the entry's new
 * loaded state and version and the {@code POST_UPDATE} listeners (the entity-tier {@code postUpdate}, deferred
 * to the flush point's end). A row that is not found at its version is a {@link StaleObjectStateException}, as
 * from Hibernate; the flush point's replay then names its record.
 *
 * <p>Rows of one type that set the same columns to equal values at the same version — a bulk update's, mostly —
 * go in one {@code UPDATE ... WHERE id IN (...) AND version = ?}: the database finds and writes them in one pass,
 * where a statement per row cost it as much again as the rest of the flush point. When their ids are consecutive
 * whole numbers, as a sequence gives them, the statement names their range instead ({@code WHERE id >= ? AND id <= ?
 * AND version = ?}), which holds exactly those rows: H2 looked each id of a list up in the primary key and compared
 * each row it found with the whole list, a quarter of the statement's time. Its count short of the group's
 * size says that some row was not at its version, not which: that is a {@link StaleObjectStateException} too, and
 * the replay, writing each row on its own through Hibernate, names the record.
 *
 * <p>Hibernate's own update action binds every column of the table and builds its statement's description
 * anew for each row; for a bulk update of two fields that was a fifth of the call. Any entity this does not
 * cover goes through Hibernate's flush step as before (see {@link #handles}).
 */
final class DirectUpdates {
  private final SessionImplementor session;
  /** Null when the session has something a flush of an entity owes more than this does (see the constructor). */
  private final EventListenerGroup<PreUpdateEventListener> preUpdate;
  private final EventListenerGroup<PostUpdateEventListener> postUpdate;
  private final Map<EntityPersister, Plan> plans = new IdentityHashMap<>();
  /** The JPA callbacks: a type with a {@code @PreUpdate} one is left to Hibernate's flush step, which calls it. */
  private final CallbackRegistry callbacks;

  DirectUpdates(SessionImplementor session) {
    this.session = session;
    this.callbacks = session.getFactory().getEventEngine().getCallbackRegistry();
    EventListenerRegistry registry = session.getFactory().getServiceRegistry().requireService(EventListenerRegistry.class);
    boolean plainSession = CommitFlush.plainInterceptor(session.getInterceptor()) && CommitFlush.knownFlushListeners(session)
        && registry.getEventListenerGroup(EventType.POST_COMMIT_UPDATE).isEmpty()
        && session.getFactory().getCustomEntityDirtinessStrategy().getClass().getName()
            .equals("org.hibernate.boot.internal.DefaultCustomEntityDirtinessStrategy");
    this.preUpdate = plainSession ? registry.getEventListenerGroup(EventType.PRE_UPDATE) : null;
    this.postUpdate = plainSession ? registry.getEventListenerGroup(EventType.POST_UPDATE) : null;
  }

  /** True when the UPDATE of {@code entity} is sent here rather than by Hibernate's flush step. */
  boolean handles(Object entity, EntityEntry entry) {
    if (preUpdate == null || entry.getStatus() != Status.MANAGED || !entry.isModifiableEntity()
        || entry.getLoadedState() == null || (entry.getMaybeLazySet() != null && !entry.getMaybeLazySet().isEmpty())
        || !entry.requiresDirtyCheck(entity) || entity instanceof SelfDirtinessTracker) {
      return false;
    }
    Plan plan = plans.computeIfAbsent(entry.getPersister(), persister -> Plan.of(persister, callbacks));
    return plan != Plan.NONE && (plan.versionColumn == null || entry.getVersion() != null);
  }

  /**
   * Dirty-checks each of {@code entities} (all {@link #handles handled}) and sends the UPDATEs of the dirty
   * ones. Runs inside the flush's begin and end, after Hibernate's own queued actions.
   */
  void send(List<Object> entities, List<EntityEntry> entries) {
    List<Row> rows = new ArrayList<>(entities.size());
    for (int i = 0; i < entities.size(); i++) {
      Row row = dirtyRow(entities.get(i), entries.get(i));
      if (row != null) {
        rows.add(row);
      }
    }
    if (rows.isEmpty()) {
      return;
    }
    session.getJdbcCoordinator().executeBatch(); // Hibernate's statements first, in the order they were queued
    Integer configured = session.getConfiguredJdbcBatchSize();
    int batchSize = configured == null || configured < 1 ? session.getJdbcServices().getJdbcEnvironment()
        .getDialect().getDefaultStatementBatchSize() : configured;
    Map<String, Batch> batches = new LinkedHashMap<>();
    Map<String, PreparedStatement> shared = new HashMap<>();
    List<Row> written = new ArrayList<>(rows.size());
    try {
      for (Row row : rows) {
        if (!vetoed(row)) {
          row.sql = row.plan.sql(row.settle());
          written.add(row);
        }
      }
      for (List<Row> group : SameValues.groups(written)) {
        if (group.size() == 1) {
          Row row = group.get(0);
          Batch batch = batches.get(row.sql);
          if (batch == null) {
            batch = new Batch(row.sql, session.getJdbcCoordinator().getStatementPreparer().prepareStatement(row.sql));
            batches.put(row.sql, batch);
          }
          batch.add(row, batchSize);
        } else {
          sendShared(group, shared);
        }
      }
      for (Batch batch : batches.values()) {
        batch.execute();
      }
    } finally {
      for (Batch batch : batches.values()) {
        session.getJdbcCoordinator().getLogicalConnection().getResourceRegistry().release(batch.statement);
      }
      for (PreparedStatement statement : shared.values()) {
        session.getJdbcCoordinator().getLogicalConnection().getResourceRegistry().release(statement);
      }
      session.getJdbcCoordinator().afterStatementExecution();
    }
    for (Row row : written) {
      row.written();
    }
  }

  /**
   * Writes a group of rows given the same new values at the same version with one {@code UPDATE ... WHERE id IN
   * (...) AND version = ?} per {@link SameValues#MAX_IDS} of them. A row not found at its version makes the count
   * short without saying which: the flush point's replay, which writes each row on its own, names it.
   */
  private void sendShared(List<Row> group, Map<String, PreparedStatement> statements) {
    for (int from = 0; from < group.size(); from += SameValues.MAX_IDS) {
      List<Row> rows = group.subList(from, Math.min(group.size(), from + SameValues.MAX_IDS));
      Row first = rows.get(0);
      Row[] range = first.plan.integralId ? consecutive(rows) : null;
      String sql = range != null ? first.plan.rangeSql(first.extra) : first.plan.sharedSql(first.extra, rows.size());
      PreparedStatement statement = statements.get(sql);
      if (statement == null) {
        statement = session.getJdbcCoordinator().getStatementPreparer().prepareStatement(sql);
        statements.put(sql, statement);
      }
      int count;
      try {
        if (range != null) {
          first.bindRange(statement, range[0], range[1]);
        } else {
          first.bindShared(statement, rows);
        }
        count = statement.executeUpdate();
      } catch (SQLException e) {
        throw session.getJdbcServices().getSqlExceptionHelper().convert(e, "could not execute the update of "
            + rows.size() + " rows of " + first.entry.getPersister().getEntityName(), sql);
      }
      if (count != rows.size()) {
        // the first row stands for the group; the replay finds the one that was not at its version
        throw new StaleObjectStateException(first.entry.getPersister().getEntityName(), first.id);
      }
    }
  }

  /**
   * The rows of the least and the greatest id when the ids of {@code rows} are consecutive integers, so that the
   * range between them holds exactly these rows; else null. The ids are distinct: each row is another entity of
   * one type in one session. (A difference past the range of a long wraps to a negative one, never to the count.)
   */
  private static Row[] consecutive(List<Row> rows) {
    Row low = null;
    Row high = null;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (Row row : rows) {
      long id = ((Number) row.id).longValue();
      if (id < min) {
        min = id;
        low = row;
      }
      if (id > max) {
        max = id;
        high = row;
      }
    }
    return max - min == rows.size() - 1 ? new Row[] {low, high} : null;
  }

  /** The entity's row to write, or null when nothing of it changed since it was loaded (or last written). */
  private Row dirtyRow(Object entity, EntityEntry entry) {
    EntityPersister persister = entry.getPersister();
    Object id = entry.getId();
    Object[] values = persister.getValues(entity);
    Object current = persister.getIdentifier(entity, session);
    if (!persister.getIdentifierType().isEqual(id, current, session.getFactory())) {
      throw new HibernateException("identifier of an instance of " + persister.getEntityName() + " was altered from "
          + id + " to " + current);
    }
    int[] dirty = persister.findDirty(values, entry.getLoadedState(), entity, session);
    if (dirty == null) {
      return null;
    }
    Object nextVersion = null;
    if (persister.isVersioned()) {
      nextVersion = Versioning.isVersionIncrementRequired(dirty, false, persister.getPropertyVersionability())
          ? Versioning.increment(entry.getVersion(), persister.getVersionMapping(), session) : entry.getVersion();
      Versioning.setVersion(values, nextVersion, persister);
    }
    new Nullability(session).checkNullability(values, persister, true);
    return new Row(plans.get(persister), entity, entry, id, values, dirty, nextVersion);
  }

  /** Fires the {@code PRE_UPDATE} listeners for the row, as Hibernate's update action does; true when one vetoes it. */
  private boolean vetoed(Row row) {
    if (preUpdate.isEmpty()) {
      return false;
    }
    Object[] before = row.state.clone();
    PreUpdateEvent event = new PreUpdateEvent(row.entity, row.id, row.state, row.entry.getLoadedState(),
        row.entry.getPersister(), (EventSource) session);
    boolean veto = false;
    for (PreUpdateEventListener listener : preUpdate.listeners()) {
      veto |= listener.onPreUpdate(event);
    }
    // a listener's change to the state (the entity-tier preUpdate copies the entity's) is written too
    for (int i = 0; i < before.length; i++) {
      if (before[i] != row.state[i]) {
        row.changedByListeners(i);
      }
    }
    return veto;
  }

  /** One entity's UPDATE: its new state (with the new version), and which properties it sets. */
  private final class Row {
    final Plan plan;
    final Object entity;
    final EntityEntry entry;
    final Object id;
    final Object[] state;
    final int[] dirty;
    final Object nextVersion;
    /** The single-row statement's text, once the listeners ran: rows of one text set the same columns. */
    String sql;
    private boolean[] extra;

    Row(Plan plan, Object entity, EntityEntry entry, Object id, Object[] state, int[] dirty, Object nextVersion) {
      this.plan = plan;
      this.entity = entity;
      this.entry = entry;
      this.id = id;
      this.state = state;
      this.dirty = dirty;
      this.nextVersion = nextVersion;
    }

    void changedByListeners(int property) {
      if (extra == null) {
        extra = new boolean[state.length];
      }
      extra[property] = true;
    }

    /** The properties the statement sets, in the properties' order: the dirty ones and those listeners changed. */
    boolean[] settle() {
      boolean[] set = extra != null ? extra : new boolean[state.length];
      for (int property : dirty) {
        set[property] = true;
      }
      extra = set;
      return set;
    }

    /** Binds the values the statement sets and the new version, from the first parameter; answers the next index. */
    private int bindSet(PreparedStatement statement) throws SQLException {
      boolean[] set = extra;
      int index = 1;
      for (int property = 0; property < set.length; property++) {
        if (set[property] && plan.updatable[property]) {
          PlainTable.bind(statement, plan.mappings[property], state[property], index++, session);
        }
      }
      if (plan.versionColumn != null) {
        PlainTable.bind(statement, plan.versionMapping, nextVersion, index++, session);
      }
      return index;
    }

    void bind(PreparedStatement statement) throws SQLException {
      int index = bindSet(statement);
      PlainTable.bind(statement, plan.idMapping, id, index++, session);
      if (plan.versionColumn != null) {
        PlainTable.bind(statement, plan.versionMapping, entry.getVersion(), index, session);
      }
    }

    /** True when {@code other} (of the same statement text) sets the same values at the same version. */
    boolean sameValues(Row other) {
      if (!Objects.equals(entry.getVersion(), other.entry.getVersion()) || !Objects.equals(nextVersion, other.nextVersion)) {
        return false;
      }
      for (int property = 0; property < extra.length; property++) {
        // equal by equals(), so that both bind the same value (Hibernate's equality takes 1.0 and 1.00 for one)
        if (extra[property] && plan.updatable[property] && !Objects.equals(state[property], other.state[property])) {
          return false;
        }
      }
      return true;
    }

    /** Binds this row's values and version, then the ids of {@code rows} (this one's group), then the version read. */
    void bindShared(PreparedStatement statement, List<Row> rows) throws SQLException {
      int index = bindSet(statement);
      for (Row row : rows) {
        PlainTable.bind(statement, plan.idMapping, row.id, index++, session);
      }
      if (plan.versionColumn != null) {
        PlainTable.bind(statement, plan.versionMapping, entry.getVersion(), index, session);
      }
    }

    /** Binds this row's values and version, then the least and the greatest id of its group, then the version read. */
    void bindRange(PreparedStatement statement, Row low, Row high) throws SQLException {
      int index = bindSet(statement);
      PlainTable.bind(statement, plan.idMapping, low.id, index++, session);
      PlainTable.bind(statement, plan.idMapping, high.id, index++, session);
      if (plan.versionColumn != null) {
        PlainTable.bind(statement, plan.versionMapping, entry.getVersion(), index, session);
      }
    }

    /** What Hibernate's update action does once the row is written: the entry's state and version, then POST_UPDATE. */
    void written() {
      EntityPersister persister = entry.getPersister();
      Object[] previous = entry.getLoadedState();
      TypeHelper.deepCopy(state, persister.getPropertyTypes(), persister.getPropertyCheckability(), state, session);
      entry.postUpdate(entity, state, nextVersion);
      entry.setMaybeLazySet(null);
      if (!postUpdate.isEmpty()) {
        postUpdate.fireLazyEventOnEachListener(() -> new PostUpdateEvent(entity, id, state, previous, dirty, persister,
            (EventSource) session), PostUpdateEventListener::onPostUpdate);
      }
      if (session.getFactory().getStatistics().isStatisticsEnabled()) {
        session.getFactory().getStatistics().updateEntity(persister.getEntityName());
      }
    }
  }

  /** The rows of one flush point grouped by what they write: statement text, values, version read. */
  private static final class SameValues {
    /** Ids in one statement: a bulk update's flush point is a batch of rows, far below any bind-parameter limit. */
    static final int MAX_IDS = 500;
    /** Open groups compared with each row, the latest first: a bulk update's rows mostly match the last. */
    private static final int COMPARED = 8;

    static List<List<Row>> groups(List<Row> rows) {
      List<List<Row>> groups = new ArrayList<>();
      for (Row row : rows) {
        List<Row> match = null;
        for (int i = groups.size() - 1; i >= Math.max(0, groups.size() - COMPARED) && match == null; i--) {
          Row first = groups.get(i).get(0);
          if (first.plan == row.plan && first.sql.equals(row.sql) && first.sameValues(row)) {
            match = groups.get(i);
          }
        }
        if (match == null) {
          match = new ArrayList<>();
          groups.add(match);
        }
        match.add(row);
      }
      return groups;
    }
  }

  /** One statement text's JDBC batch. */
  private final class Batch {
    final String sql;
    final PreparedStatement statement;
    final List<Row> added = new ArrayList<>();
    int sent;

    Batch(String sql, PreparedStatement statement) {
      this.sql = sql;
      this.statement = statement;
    }

    void add(Row row, int batchSize) {
      try {
        row.bind(statement);
        statement.addBatch();
      } catch (SQLException e) {
        throw session.getJdbcServices().getSqlExceptionHelper().convert(e, "could not bind the update of "
            + row.entry.getPersister().getEntityName() + " " + row.id, sql);
      }
      added.add(row);
      if (added.size() - sent >= batchSize) {
        execute();
      }
    }

    void execute() {
      if (added.size() == sent) {
        return;
      }
      int[] counts;
      try {
        counts = statement.executeBatch();
      } catch (SQLException e) {
        throw session.getJdbcServices().getSqlExceptionHelper().convert(e, "could not execute batch", sql);
      }
      for (int i = 0; i < counts.length && sent + i < added.size(); i++) {
        if (counts[i] == 0) {
          Row row = added.get(sent + i);
          throw new StaleObjectStateException(row.entry.getPersister().getEntityName(), row.id);
        }
        if (counts[i] != Statement.SUCCESS_NO_INFO && counts[i] < 0) {
          throw new HibernateException("the update of " + added.get(sent + i).entry.getPersister().getEntityName()
              + " " + added.get(sent + i).id + " failed");
        }
      }
      sent = added.size();
    }
  }

  /**
   * How the rows of one entity type are written, or {@link #NONE} when its type is not plain enough: the table,
   * each property's column (null for one that is not updatable), the id's and the version's.
   */
  private static final class Plan {
    static final Plan NONE = new Plan(null, null, null, null, null, null, null);

    final String table;
    final String[] columns;
    final boolean[] updatable;
    final BasicValuedModelPart[] mappings;
    final String idColumn;
    final BasicValuedModelPart idMapping;
    final String versionColumn;
    final BasicValuedModelPart versionMapping;
    /**
     * True when the id is a whole number bound as one (no converter, an integer column): a group whose ids are
     * consecutive is then written as the range from its least to its greatest id.
     */
    final boolean integralId;
    /** Statement texts by the properties they set. */
    private final Map<String, String> texts = new HashMap<>();
    /** The multi-row texts by their single-row text and number of ids. */
    private final Map<String, String> sharedTexts = new HashMap<>();
    /** The last properties asked for and their text: the rows of a bulk update mostly set the same. */
    private boolean[] lastSet;
    private String lastText;

    private Plan(String table, String[] columns, BasicValuedModelPart[] mappings, String idColumn,
        BasicValuedModelPart idMapping, String versionColumn, BasicValuedModelPart versionMapping) {
      this.table = table;
      this.columns = columns;
      this.mappings = mappings;
      this.idColumn = idColumn;
      this.idMapping = idMapping;
      this.versionColumn = versionColumn;
      this.versionMapping = versionMapping;
      this.integralId = idMapping != null && integral(idMapping.getJdbcMapping());
      this.updatable = new boolean[columns == null ? 0 : columns.length];
      for (int i = 0; i < updatable.length; i++) {
        updatable[i] = columns[i] != null;
      }
    }

    static Plan of(EntityPersister persister, CallbackRegistry callbacks) {
      PlainTable plain = PlainTable.of(persister);
      if (plain == null || callbacks.hasRegisteredCallbacks(persister.getMappedClass(), CallbackType.PRE_UPDATE)
          || persister.hasUpdateGeneratedProperties()
          || plain.persister.getIdentifierTableMapping().getUpdateDetails().getCustomSql() != null
          || !lockedByVersionOrNothing(persister)) {
        return NONE;
      }
      BasicAttributeMapping[] mappings = plain.attributes;
      boolean[] updatability = persister.getPropertyUpdateability();
      int versionProperty = persister.isVersioned() ? persister.getVersionProperty() : -1;
      String[] columns = new String[mappings.length];
      for (int i = 0; i < mappings.length; i++) {
        if (i != versionProperty && updatability[i] && mappings[i].isUpdateable()) {
          columns[i] = mappings[i].getSelectionExpression();
        }
      }
      BasicValuedModelPart version = versionProperty < 0 ? null : mappings[versionProperty];
      return new Plan(plain.table, columns, mappings, plain.id.getSelectionExpression(), plain.id,
          version == null ? null : version.getSelectionExpression(), version);
    }

    /** Optimistic locking by the version, or none: a type without a version has the default style VERSION, checking nothing. */
    private static boolean lockedByVersionOrNothing(EntityPersister persister) {
      OptimisticLockStyle style = persister.optimisticLockStyle();
      return style == OptimisticLockStyle.VERSION || (style == OptimisticLockStyle.NONE && !persister.isVersioned());
    }


    /** {@code UPDATE table SET a=?, b=?, version=? WHERE id=? AND version=?} for the properties {@code set}. */
    String sql(boolean[] set) {
      if (lastSet != null && java.util.Arrays.equals(set, lastSet)) {
        return lastText;
      }
      lastSet = set.clone();
      lastText = text(set);
      return lastText;
    }

    private static boolean integral(JdbcMapping jdbc) {
      Class<?> type = jdbc.getJavaTypeDescriptor().getJavaTypeClass();
      if (jdbc.getValueConverter() != null || !(type == Long.class || type == Integer.class || type == Short.class)) {
        return false;
      }
      int code = jdbc.getJdbcType().getDefaultSqlTypeCode();
      return code == Types.BIGINT || code == Types.INTEGER || code == Types.SMALLINT || code == Types.TINYINT;
    }

    /** {@code UPDATE table SET a=?, b=?, version=? WHERE id>=? AND id<=? AND version=?}: a group of consecutive ids. */
    String rangeSql(boolean[] set) {
      String single = sql(set);
      return sharedTexts.computeIfAbsent(single + "#range", k -> {
        StringBuilder sql = new StringBuilder(single.length() + 16).append(single, 0, single.indexOf(" where "))
            .append(" where ").append(idColumn).append(">=? and ").append(idColumn).append("<=?");
        if (versionColumn != null) {
          sql.append(" and ").append(versionColumn).append("=?");
        }
        return sql.toString();
      });
    }

    /** {@code UPDATE table SET a=?, b=?, version=? WHERE id IN (?, ...) AND version=?} for {@code ids} rows. */
    String sharedSql(boolean[] set, int ids) {
      String single = sql(set);
      return sharedTexts.computeIfAbsent(single + '#' + ids, k -> {
        StringBuilder sql = new StringBuilder(single.length() + ids * 2 + 8)
            .append(single, 0, single.indexOf(" where ")).append(" where ").append(idColumn).append(" in (");
        for (int i = 0; i < ids; i++) {
          sql.append(i == 0 ? "?" : ",?");
        }
        sql.append(')');
        if (versionColumn != null) {
          sql.append(" and ").append(versionColumn).append("=?");
        }
        return sql.toString();
      });
    }

    private String text(boolean[] set) {
      StringBuilder key = new StringBuilder(set.length);
      for (int i = 0; i < set.length; i++) {
        key.append(set[i] && updatable[i] ? '1' : '0');
      }
      return texts.computeIfAbsent(key.toString(), k -> {
        StringBuilder sql = new StringBuilder("update ").append(table).append(" set ");
        boolean first = true;
        for (int i = 0; i < set.length; i++) {
          if (set[i] && updatable[i]) {
            sql.append(first ? "" : ",").append(columns[i]).append("=?");
            first = false;
          }
        }
        if (versionColumn != null) {
          sql.append(first ? "" : ",").append(versionColumn).append("=?");
          first = false;
        }
        if (first) {
          sql.append(idColumn).append('=').append(idColumn); // nothing updatable changed: the row is still checked
        }
        sql.append(" where ").append(idColumn).append("=?");
        if (versionColumn != null) {
          sql.append(" and ").append(versionColumn).append("=?");
        }
        return sql.toString();
      });
    }

  }
}
