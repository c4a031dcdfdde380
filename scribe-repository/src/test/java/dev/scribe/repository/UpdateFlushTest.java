package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.Scribe;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each record of an update batch that sets basic fields is written by flushing its own entity only, so
 * the batch does not walk every entity loaded before it (which made big update batches quadratic); its
 * UPDATE is still sent before the next record, where a query sees it.
 */
class UpdateFlushTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create();

  @Test
  void anUpdateBatchFlushesEachRecordsEntityWithoutAFullFlushPerRecord() {
    List<Map<String, Object>> changes = new ArrayList<>();
    for (Task task : fixture.tasks.createBatch(titles(30), CallOptions.none()).items()) {
      changes.add(params("id", task.getId(), "priority", 3));
    }
    Statistics statistics = fixture.store.sessionFactory().getStatistics();
    statistics.setStatisticsEnabled(true);
    statistics.clear();
    try {
      fixture.tasks.updateBatch(changes, CallOptions.none());

      assertThat(statistics.getEntityUpdateCount()).isEqualTo(30);
      // the flush before the commit and the commit's own; a full flush per record would make 30 more
      assertThat(statistics.getFlushCount()).isLessThanOrEqualTo(2);
    } finally {
      statistics.setStatisticsEnabled(false);
    }
    assertThat(fixture.db.rows("Task")).extracting(row -> ((Number) row.get("priority")).intValue()).containsOnly(3);
  }

  /**
   * A {@code preUpdate} that changes the loaded entity, then a {@code verifyUpdate} rule that runs a query (a
   * duplicate check): the flush before that query used to send the record's UPDATE with the handler's change, and
   * its write sent a second one with the params, so one update moved the version by two.
   */
  @Test
  void aHandlersQueryBeforeTheWriteDoesNotSendTheRecordsRowAheadOfItsWrite() {
    Task task = fixture.tasks.create(params("title", "counted", "priority", 1));
    fixture.on(fixture.tasks.events(), "preUpdate", args -> args.entity(Task.class).setTitle("changed by preUpdate"));
    List<Long> seen = new ArrayList<>();
    fixture.on(fixture.tasks.events(), "verifyUpdate", args -> seen.add(fixture.store.currentUnitOfWork().orElseThrow()
        .entityManager().createQuery("select count(t) from Task t where t.title = 'changed by preUpdate'", Long.class)
        .getSingleResult()));

    Task updated = fixture.tasks.update(task.getId(), params("priority", 2));

    assertThat(updated.getVersion()).as("one update, one new version").isEqualTo(task.getVersion() + 1);
    assertThat(seen).as("the query ran before the record's write, which sends the handler's change with the params")
        .containsExactly(0L);
    Map<String, Object> row = fixture.db.rows("Task").stream()
        .filter(r -> ((Number) r.get("id")).longValue() == task.getId()).findFirst().orElseThrow();
    assertThat(row.get("title")).isEqualTo("changed by preUpdate");
    assertThat(((Number) row.get("priority")).intValue()).isEqualTo(2);
    assertThat(((Number) row.get("version")).longValue()).isEqualTo(task.getVersion() + 1);
  }

  /**
   * The same with {@code scopedAutoFlush(false)}, and with a full auto-flush owed: Hibernate's own flush before
   * the query sent the record's row with the handler's change, and the write a second UPDATE, so one update
   * moved the version by two.
   */
  @Test
  void withHibernatesOwnAutoFlushAHandlersQueryBeforeTheWriteStillLeavesOneNewVersion() {
    try (DataStore unscoped = fixture.db.storeBuilder(Scribe.create()).schemaAction("none").scopedAutoFlush(false)
        .entities(Task.class, Subtask.class, Person.class, AuditEntry.class).build()) {
      TaskRepository tasks = unscoped.register(new TaskRepository());
      Task task = tasks.create(params("title", "counted", "priority", 1));
      tasks.events().on("preUpdate", args -> args.entity(Task.class).setTitle("changed by preUpdate"));
      List<Long> seen = new ArrayList<>();
      tasks.events().on("verifyUpdate", args -> seen.add(unscoped.currentUnitOfWork().orElseThrow()
          .entityManager().createQuery("select count(t) from Task t where t.title = 'changed by preUpdate'", Long.class)
          .getSingleResult()));

      Task updated = tasks.update(task.getId(), params("priority", 2));

      assertThat(updated.getVersion()).as("one update, one new version").isEqualTo(task.getVersion() + 1);
      assertThat(seen).containsExactly(0L);
      Map<String, Object> row = fixture.db.rows("Task").stream()
          .filter(r -> ((Number) r.get("id")).longValue() == task.getId()).findFirst().orElseThrow();
      assertThat(row.get("title")).isEqualTo("changed by preUpdate");
      assertThat(((Number) row.get("priority")).intValue()).isEqualTo(2);
      assertThat(((Number) row.get("version")).longValue()).isEqualTo(task.getVersion() + 1);
    }
  }

  @Test
  void anUpdateBatchLocksItsRowsAGroupAtATimeNotOneSelectPerRecord() {
    org.junit.jupiter.api.Assumptions.assumeTrue(fixture.store.sessionFactory()
            .unwrap(org.hibernate.engine.spi.SessionFactoryImplementor.class).getJdbcServices().getDialect()
            .supportsOuterJoinForUpdate(),
        "this database cannot lock across the task's outer join to its owner in one statement: each record locks its own row");
    List<Map<String, Object>> changes = new ArrayList<>();
    for (Task task : fixture.tasks.createBatch(titles(30), CallOptions.none()).items()) {
      changes.add(params("id", task.getId(), "priority", 4));
    }
    Statistics statistics = fixture.store.sessionFactory().getStatistics();
    statistics.setStatisticsEnabled(true);
    statistics.clear();
    try {
      fixture.tasks.updateBatch(changes, CallOptions.none());

      assertThat(statistics.getEntityLoadCount()).isEqualTo(30);
      // 30 ids in 32 places (the last repeated), so that groups of 17 to 32 records share one query text
      assertThat(statistics.getQueries()).containsExactly(lockQuery(32));
      // the unit's lock timeout, one SELECT ... FOR UPDATE for the group of 30 (batch size 50), where locking
      // each record's row would prepare 30, and one UPDATE sent as a JDBC batch of 30 at the flush point
      assertThat(statistics.getEntityUpdateCount()).isEqualTo(30);
      assertThat(statistics.getPrepareStatementCount()).isEqualTo(3);
    } finally {
      statistics.setStatisticsEnabled(false);
    }
    assertThat(fixture.db.rows("Task")).extracting(row -> ((Number) row.get("priority")).intValue()).containsOnly(4);
  }

  @Test
  void theGroupLockIsTranslatedOnceAndThenTakenFromThePlanCache() {
    org.junit.jupiter.api.Assumptions.assumeTrue(fixture.store.sessionFactory()
            .unwrap(org.hibernate.engine.spi.SessionFactoryImplementor.class).getJdbcServices().getDialect()
            .supportsOuterJoinForUpdate(),
        "this database cannot lock across the task's outer join to its owner in one statement: each record locks its own row");
    List<Map<String, Object>> first = new ArrayList<>();
    for (Task task : fixture.tasks.createBatch(titles(20), CallOptions.none()).items()) {
      first.add(params("id", task.getId(), "priority", 2));
    }
    List<Map<String, Object>> second = new ArrayList<>();
    for (Task task : fixture.tasks.createBatch(titles(25), CallOptions.none()).items()) {
      second.add(params("id", task.getId(), "priority", 3));
    }
    fixture.tasks.updateBatch(first, CallOptions.none());
    Statistics statistics = fixture.store.sessionFactory().getStatistics();
    statistics.setStatisticsEnabled(true);
    statistics.clear();
    try {
      // another group of another size, padded to the same 32 places: no new translation
      fixture.tasks.updateBatch(second, CallOptions.none());

      assertThat(statistics.getQueries()).containsExactly(lockQuery(32));
      assertThat(statistics.getQueryPlanCacheMissCount()).isZero();
      assertThat(statistics.getQueryPlanCacheHitCount()).isPositive();
    } finally {
      statistics.setStatisticsEnabled(false);
    }
  }

  @Test
  void onH2AnUpdateBatchPreparesItsGroupLockOncePerUnitNotOncePerGroup() throws SQLException {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:group_lock_text;DB_CLOSE_DELAY=-1");
    List<String> lockPrepares = Collections.synchronizedList(new ArrayList<>());
    DataStore store = DataStore.builder(Scribe.create()).dataSource(recordingLockPrepares(h2, lockPrepares))
        .schemaAction("create-drop").entities(Task.class, Subtask.class, Person.class, AuditEntry.class).build();
    try {
      TaskRepository tasks = store.register(new TaskRepository());
      List<Map<String, Object>> changes = new ArrayList<>();
      for (Task task : tasks.createBatch(titles(200), CallOptions.none()).items()) {
        changes.add(params("id", task.getId(), "priority", 5));
      }
      Statistics statistics = store.sessionFactory().getStatistics();
      statistics.setStatisticsEnabled(true);
      lockPrepares.clear();

      tasks.updateBatch(changes, CallOptions.none());

      // four groups of 50 records, one text of 64 places: run four times, prepared by the driver once
      assertThat(statistics.getQueryStatistics(lockQuery(64)).getExecutionCount()).isEqualTo(4);
      assertThat(lockPrepares).hasSize(1);
      assertThat(statistics.getEntityUpdateCount()).isEqualTo(200);
      try (Connection connection = h2.getConnection(); Statement statement = connection.createStatement();
           ResultSet rows = statement.executeQuery("select count(*) from Task where priority = 5")) {
        rows.next();
        assertThat(rows.getLong(1)).isEqualTo(200);
      }
    } finally {
      store.close();
    }
  }

  /** {@code dataSource}, recording each lock statement its connections prepare with the driver. */
  private static DataSource recordingLockPrepares(DataSource dataSource, List<String> prepares) {
    return (DataSource) Proxy.newProxyInstance(UpdateFlushTest.class.getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          Object result = invoke(dataSource, method, args);
          if (!method.getName().equals("getConnection")) {
            return result;
          }
          Connection connection = (Connection) result;
          return Proxy.newProxyInstance(UpdateFlushTest.class.getClassLoader(), new Class<?>[] {Connection.class},
              (connectionProxy, call, callArgs) -> {
                if (call.getName().equals("prepareStatement") && ((String) callArgs[0]).contains(" for update")) {
                  prepares.add((String) callArgs[0]);
                }
                return invoke(connection, call, callArgs);
              });
        });
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Test
  void aDeleteBatchReadsItsRecordsAGroupAtATime() {
    List<Long> ids = new ArrayList<>();
    for (Person person : fixture.people.createBatch(names(30), CallOptions.none()).items()) {
      ids.add(person.getId());
    }
    Statistics statistics = fixture.store.sessionFactory().getStatistics();
    statistics.setStatisticsEnabled(true);
    statistics.clear();
    try {
      fixture.people.deleteBatch(ids, CallOptions.none());

      // one SELECT for the 30 rows (32 places), where each record read its own row before
      assertThat(statistics.getQueryStatistics(groupQuery("Person", 32)).getExecutionCount()).isEqualTo(1);
      assertThat(statistics.getEntityLoadCount()).isEqualTo(30);
      assertThat(statistics.getEntityDeleteCount()).isEqualTo(30);
    } finally {
      statistics.setStatisticsEnabled(false);
    }
    assertThat(fixture.db.rows("Person")).isEmpty();
  }

  @Test
  void anUpdateBatchThatTakesNoRowLocksReadsItsRecordsAGroupAtATimeToo() {
    List<Map<String, Object>> changes = new ArrayList<>();
    for (Person person : fixture.people.createBatch(names(20), CallOptions.none()).items()) {
      changes.add(params("id", person.getId(), "name", "renamed " + person.getId()));
    }
    Statistics statistics = fixture.store.sessionFactory().getStatistics();
    statistics.setStatisticsEnabled(true);
    statistics.clear();
    try {
      fixture.people.updateBatch(changes, CallOptions.builder().optionOverrides(Map.of("lockOnUpdate", false)).build());

      assertThat(statistics.getQueryStatistics(groupQuery("Person", 32)).getExecutionCount()).isEqualTo(1);
      assertThat(statistics.getEntityLoadCount()).isEqualTo(20);
      assertThat(statistics.getEntityUpdateCount()).isEqualTo(20);
    } finally {
      statistics.setStatisticsEnabled(false);
    }
    assertThat(fixture.db.rows("Person")).extracting(row -> (String) row.get("name")).allMatch(name -> name.startsWith("renamed"));
  }

  private static String groupQuery(String entity, int places) {
    StringBuilder query = new StringBuilder("select e from dev.scribe.repository." + entity + " e where e.id in (");
    for (int i = 1; i <= places; i++) {
      query.append(i == 1 ? "" : ", ").append('?').append(i);
    }
    return query.append(") order by e.id").toString();
  }

  private static List<Map<String, Object>> names(int count) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(params("name", "person " + i));
    }
    return rows;
  }

  private static String lockQuery(int places) {
    StringBuilder query = new StringBuilder("select e from dev.scribe.repository.Task e where e.id in (");
    for (int i = 1; i <= places; i++) {
      query.append(i == 1 ? "" : ", ").append('?').append(i);
    }
    return query.append(") order by e.id").toString();
  }

  @Test
  void aRecordThatStatesItsVersionIsLeftOutOfItsGroupsLockAndFailsFastWhenStale() throws Exception {
    List<Task> tasks = fixture.tasks.createBatch(titles(3), CallOptions.none()).items();
    Task held = tasks.get(1);
    List<Map<String, Object>> changes = List.of(params("id", tasks.get(0).getId(), "priority", 2),
        params("id", held.getId(), "version", held.getVersion() + 7, "priority", 2),
        params("id", tasks.get(2).getId(), "priority", 2));
    try (java.sql.Connection other = fixture.db.connection()) {
      other.setAutoCommit(false);
      try (java.sql.Statement statement = other.createStatement()) {
        statement.executeQuery("SELECT * FROM Task WHERE id = " + held.getId() + " FOR UPDATE").close();
      }
      // the group's lock leaves the conditional record's row alone, so the batch does not wait for the row
      // another transaction holds: the stale version is reported at once
      assertThatThrownBy(() -> fixture.tasks.updateBatch(changes, CallOptions.none()))
          .isInstanceOf(dev.scribe.core.Veto.class).hasMessageContaining("not at the expected version 7");
      other.rollback();
    }
    assertThat(fixture.db.rows("Task")).extracting(row -> row.get("priority")).containsOnlyNulls(); // nothing written
  }

  @Test
  void aQueryInALaterRecordSeesTheEarlierRecordsUpdates() {
    List<Map<String, Object>> changes = new ArrayList<>();
    for (Task task : fixture.tasks.createBatch(titles(4), CallOptions.none()).items()) {
      changes.add(params("id", task.getId(), "priority", 5));
    }
    List<Long> seen = new ArrayList<>();
    fixture.on(fixture.tasks.events(), "verifyUpdate", args -> seen.add(fixture.store.currentUnitOfWork().orElseThrow()
        .entityManager().createQuery("select count(t) from Task t where t.priority = 5", Long.class).getSingleResult()));

    fixture.tasks.updateBatch(changes, CallOptions.none());

    assertThat(seen).containsExactly(0L, 1L, 2L, 3L);
  }

  @Test
  void aQueryAfterAHandlerRemovedAnEntitySeesTheEarlierRecordsUpdates() {
    List<Task> tasks = fixture.tasks.createBatch(titles(4), CallOptions.none()).items();
    Task removed = tasks.get(3);
    List<Map<String, Object>> changes = new ArrayList<>();
    for (Task task : tasks.subList(0, 3)) {
      changes.add(params("id", task.getId(), "priority", 5));
    }
    List<Long> seen = new ArrayList<>();
    fixture.on(fixture.tasks.events(), "verifyUpdate", args -> {
      jakarta.persistence.EntityManager em = fixture.store.currentUnitOfWork().orElseThrow().entityManager();
      if (args.index() == 1) {
        em.remove(em.find(Task.class, removed.getId())); // a queued DELETE besides the pending UPDATEs
      }
      seen.add(em.createQuery("select count(t) from Task t where t.priority = 5", Long.class).getSingleResult());
    });

    fixture.tasks.updateBatch(changes, CallOptions.none());

    assertThat(seen).containsExactly(0L, 1L, 2L);
    assertThat(fixture.db.rows("Task")).hasSize(3);
  }

  @Test
  void theEntityUpdateEventsOfABatchRunAtItsFlushPointWithTheirRecordsArgs() {
    Task task = fixture.tasks.create(params("title", "a"));
    EventRecorder recorder = fixture.record();

    fixture.tasks.updateBatch(List.of(params("id", task.getId(), "priority", 2)), CallOptions.none());

    // the record's UPDATE is sent at the flush point before postUpdateBatch, as a create's INSERT is
    assertThat(recorder.events).containsSubsequence("tasks.processResultsUpdate[0]", "tasks.postUpdate[0]",
        "Task.preUpdate[0]", "Task.postUpdate[0]", "tasks.postUpdateBatch");
  }

  private static List<Map<String, Object>> titles(int count) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(params("title", "task " + i));
    }
    return rows;
  }
}
