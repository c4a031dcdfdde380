package dev.scribe.bench.repository;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;

/** The param maps both sides of {@link dev.scribe.bench.RepositoryBenchmark} create, and plain Hibernate's insert of them. */
public final class BenchRows {
  /** Rows per batch. */
  public static final int ROWS = 10_000;
  /** {@code hibernate.jdbc.batch_size} on both sides, and how often plain Hibernate flushes and clears. */
  public static final int BATCH_SIZE = 50;

  private BenchRows() {}

  /** Plain Hibernate: hand-written mapping, persist, flush and clear every JDBC batch. */
  public static int insertPlain(SessionFactory sessions, List<Map<String, Object>> rows) {
    int inserted = 0;
    try (Session session = sessions.openSession()) {
      Transaction transaction = session.beginTransaction();
      for (Map<String, Object> row : rows) {
        session.persist(map(row));
        if (++inserted % BATCH_SIZE == 0) {
          session.flush();
          session.clear();
        }
      }
      transaction.commit();
    }
    return inserted;
  }

  /** {@value #ROWS} rows of strings, numbers and booleans, as a client would send them. */
  public static List<Map<String, Object>> createRows() {
    List<Map<String, Object>> rows = new ArrayList<>(ROWS);
    for (int i = 0; i < ROWS; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("title", "task " + i);
      row.put("priority", i % 5 + 1);
      row.put("dueDate", "2026-0" + (i % 9 + 1) + "-1" + (i % 9));
      row.put("budget", "1" + i % 100 + ".50");
      row.put("done", i % 2 == 0);
      rows.add(row);
    }
    return rows;
  }

  /** The hand-written mapping plain Hibernate does instead of the entity tier's binding. */
  public static BenchTask map(Map<String, Object> row) {
    BenchTask task = new BenchTask();
    task.setTitle((String) row.get("title"));
    task.setPriority((Integer) row.get("priority"));
    task.setDueDate(LocalDate.parse((String) row.get("dueDate")));
    task.setBudget(new BigDecimal((String) row.get("budget")));
    task.setDone((Boolean) row.get("done"));
    return task;
  }
}
