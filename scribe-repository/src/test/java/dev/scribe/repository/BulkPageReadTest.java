package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.core.Veto;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Where the database locks a row in the SELECT that reads it (H2), a bulk update or delete by query reads each
 * page's rows with their locks in one statement — a range of ids with the call's filters — instead of one
 * statement per group of {@code batchSize} ids; each record then finds its entity read and locked.
 */
class BulkPageReadTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create();

  private static void assumeOneSelectLocks() {
    Assumptions.assumeTrue(fixture.store.sessionFactory()
            .unwrap(org.hibernate.engine.spi.SessionFactoryImplementor.class).getJdbcServices().getDialect()
            .supportsOuterJoinForUpdate(),
        "this database cannot lock across the task's outer join to its owner in one statement: groups of ids are locked");
  }

  private static List<Long> seed(int count, int priority) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(params("title", "task " + i, "priority", priority));
    }
    List<Long> ids = new ArrayList<>();
    fixture.tasks.createBatch(rows, CallOptions.none()).items().forEach(task -> ids.add(task.getId()));
    return ids;
  }

  private static Statistics statistics() {
    Statistics statistics = fixture.store.sessionFactory().getStatistics();
    statistics.setStatisticsEnabled(true);
    statistics.clear();
    return statistics;
  }

  @Test
  void aBulkUpdateReadsEachPageWithItsLocksInOneStatement() {
    assumeOneSelectLocks();
    seed(130, 4);
    seed(20, 2); // between and after them in id order: not matched, not read
    CallOptions pagesOf60 = CallOptions.builder().optionOverrides(Map.of("bulkPageSize", 60)).build();
    Statistics statistics = statistics();
    try {
      BatchResult<Task> result = fixture.tasks.updateWhere(new Query().where("priority", Operator.EQ, 4),
          Map.of("title", "bulk"), pagesOf60);

      assertThat(result.items()).hasSize(130);
      assertThat(statistics.getEntityLoadCount()).as("each matched row read once").isEqualTo(130);
      // the ids, then pages of 60, 60 and 10 rows: one locked read each, where groups of 50 ids took five
      assertThat(statistics.getQueryExecutionCount()).isEqualTo(1 + 3);
      assertThat(statistics.getEntityUpdateCount()).isEqualTo(130);
      // the ids, the lock timeout, three page reads and five JDBC batches of UPDATEs (50 + 10 for each page of
      // 60, 10 for the last): no statement of a record's own
      assertThat(statistics.getPrepareStatementCount()).isEqualTo(1 + 1 + 3 + 5);
    } finally {
      statistics.setStatisticsEnabled(false);
    }
    assertThat(fixture.db.rows("Task")).extracting(row -> row.get("title"))
        .filteredOn("bulk"::equals).hasSize(130);
  }

  @Test
  void aBulkDeleteReadsEachPageWithItsLocksInOneStatement() {
    assumeOneSelectLocks();
    seed(70, 3);
    Statistics statistics = statistics();
    try {
      BatchResult<Task> result = fixture.tasks.deleteWhere(new Query().where("priority", Operator.EQ, 3),
          CallOptions.none());

      assertThat(result.items()).hasSize(70);
      assertThat(statistics.getEntityLoadCount()).isEqualTo(70);
      assertThat(statistics.getQueryExecutionCount()).as("the ids, then one page").isEqualTo(2);
    } finally {
      statistics.setStatisticsEnabled(false);
    }
    assertThat(fixture.db.count("Task")).isZero();
  }

  @Test
  void rowsAPageReadLockedAreAskedAboutEachRecordsRowScopeAGroupAtATime() {
    assumeOneSelectLocks();
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      ids.addAll(seed(1, 1 + i % 5));
    }
    // no scope for the call (its pages are read as ranges); each record may touch priorities up to 3 only
    fixture.on(fixture.tasks.events(), "scopeQuery", args -> {
      if (args.index() != null) {
        RowScope.of(args).where("priority", Operator.LTE, 3);
      }
    });
    Statistics statistics = statistics();
    BatchResult<Task> result;
    try {
      result = fixture.tasks.updateWhere(new Query().where("priority", Operator.GTE, 1), Map.of("title", "bulk"),
          CallOptions.builder().ignoreErrors(true).build());

      // the ids, one page read, and the scope asked once for each group of 50 records (three)
      assertThat(statistics.getQueryExecutionCount()).isEqualTo(1 + 1 + 3);
    } finally {
      statistics.setStatisticsEnabled(false);
    }
    List<Integer> outside = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      if (1 + i % 5 > 3) {
        outside.add(i);
      }
    }
    assertThat(result.failures()).extracting(Veto.RecordError::index).containsExactlyElementsOf(outside);
    assertThat(result.failures()).extracting(Veto.RecordError::status).containsOnly(404);
    assertThat(result.items()).hasSize(120 - outside.size());
  }

  @Test
  void aRowThatNoLongerMatchesWhenItsPageIsReadIsStillWrittenByItsRecord() {
    List<Long> ids = seed(4, 4);
    // the first record moves the third out of the filter before the second page (pages of two) is read
    fixture.on(fixture.tasks.events(), "postUpdate", args -> {
      if (args.id().equals(ids.get(0))) {
        fixture.store.inTransaction(() -> fixture.tasks.update(ids.get(2), Map.of("priority", 1), CallOptions.none()));
      }
    });

    BatchResult<Task> result = fixture.tasks.updateWhere(new Query().where("priority", Operator.EQ, 4),
        Map.of("title", "bulk"), CallOptions.builder().optionOverrides(Map.of("bulkPageSize", 2)).build());

    assertThat(result.failures()).isEmpty();
    assertThat(result.items()).extracting(Task::getId).containsExactlyElementsOf(ids);
    assertThat(fixture.db.rows("Task")).extracting(row -> row.get("title")).containsOnly("bulk");
  }
}
