package dev.scribe.controller.http.bulk;

import dev.scribe.core.ScribeException;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.UnitOfWork;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hibernate.Session;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * The rows of {@code scribe_import_jobs}, one per import job, in the application's own database: what survives a
 * restart of a job's status. A chunk's counts are written on the chunk's own connection, in its transaction, so
 * that the row says exactly what is committed; the other changes (queued, running, a phase, the answer) each on a
 * connection of their own, committed at once.
 */
final class ImportJobTable {
  static final String TABLE = "scribe_import_jobs";
  private static final String COLUMNS = "id, resource, caller, status, phase, dry_run, row_count, imported, failed,"
      + " chunks, last_row, created_at, finished_at, http_status, answer, heartbeat_at";

  private final ConnectionProvider connections;

  private ImportJobTable(ConnectionProvider connections) {
    this.connections = connections;
  }

  /** The table of {@code store}, created when it is not there yet. */
  static ImportJobTable of(DataStore store) {
    ImportJobTable table = new ImportJobTable(store.sessionFactory().unwrap(SessionFactoryImplementor.class)
        .getServiceRegistry().getService(ConnectionProvider.class));
    table.create();
    return table;
  }

  /** One row as read back. */
  record Row(String id, String resource, String caller, String status, String phase, boolean dryRun, long rows,
      long imported, long failed, long chunks, long lastRow, long createdMicros, Long finishedMicros, Integer httpStatus,
      String answer, long heartbeatMicros) {

    /** True while the row says the job waits or runs. */
    boolean unfinished() {
      return "queued".equals(status) || "running".equals(status);
    }

    /** This row as its job is shown once found interrupted at {@code micros}. */
    Row interruptedAt(long micros) {
      return new Row(id, resource, caller, ImportJobs.INTERRUPTED, phase, dryRun, rows, imported, failed, chunks, lastRow,
          createdMicros, micros, httpStatus, answer, heartbeatMicros);
    }
  }

  private void create() {
    // DDL commits the transaction it runs in on H2: never inside a unit of work, always on a connection of its own
    autoCommitted(connection -> {
      boolean postgres = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
      try (Statement statement = connection.createStatement()) {
        statement.execute("create table if not exists " + TABLE + " (id varchar(36) primary key,"
            + " resource varchar(200) not null, caller varchar(200) not null, runner varchar(36) not null,"
            + " status varchar(16) not null, phase varchar(16) not null, dry_run boolean not null,"
            + " row_count bigint not null, imported bigint not null, failed bigint not null, chunks bigint not null,"
            + " last_row bigint not null, created_at bigint not null, finished_at bigint, http_status integer,"
            + " answer " + (postgres ? "text" : "clob") + ", heartbeat_at bigint not null)");
      }
      return null;
    }, "created");
  }

  /** A new job, queued by the process {@code runner}. */
  void insert(String id, String resource, String caller, String runner, boolean dryRun, long rows, long createdMicros) {
    written("insert into " + TABLE + " (id, resource, caller, runner, status, phase, dry_run, row_count, imported,"
        + " failed, chunks, last_row, created_at, heartbeat_at) values (?, ?, ?, ?, 'queued', 'queued', ?, ?, 0, 0, 0, 0,"
        + " ?, ?)", id, resource, caller, runner, dryRun, rows, createdMicros, createdMicros);
  }

  /** The job's status and phase, committed at once. */
  void progress(String id, String status, String phase) {
    written("update " + TABLE + " set status = ?, phase = ?, finished_at = null, heartbeat_at = ? where id = ?", status,
        phase, ImportJobs.nowMicros(), id);
  }

  /**
   * The counts after a chunk of the writing pass, on the connection of {@code unit}, whose transaction holds the
   * chunk's rows: committed with them, or rolled back with them. The status is written too, so that a row another
   * process took for interrupted (its runner looked gone) says running again.
   */
  void chunk(UnitOfWork unit, String id, long imported, long failed, long chunks, long lastRow) {
    Connection connection = unit.entityManager().unwrap(Session.class).doReturningWork(c -> c);
    try (PreparedStatement update = connection.prepareStatement("update " + TABLE + " set status = 'running',"
        + " imported = ?, failed = ?, chunks = ?, last_row = ?, finished_at = null, heartbeat_at = ? where id = ?")) {
      update.setLong(1, imported);
      update.setLong(2, failed);
      update.setLong(3, chunks);
      update.setLong(4, lastRow);
      update.setLong(5, ImportJobs.nowMicros());
      update.setString(6, id);
      update.executeUpdate();
    } catch (SQLException e) {
      throw failed("written", e);
    }
  }

  /** The job finished: its status, counts and answer, committed at once. */
  void finish(String id, String status, String phase, long imported, long failed, long finishedMicros,
      Integer httpStatus, String answer) {
    autoCommitted(connection -> {
      try (PreparedStatement update = connection.prepareStatement("update " + TABLE + " set status = ?, phase = ?,"
          + " imported = ?, failed = ?, finished_at = ?, http_status = ?, answer = ? where id = ?")) {
        update.setString(1, status);
        update.setString(2, phase);
        update.setLong(3, imported);
        update.setLong(4, failed);
        update.setLong(5, finishedMicros);
        if (httpStatus == null) {
          update.setNull(6, Types.INTEGER);
        } else {
          update.setInt(6, httpStatus);
        }
        update.setString(7, answer);
        update.setString(8, id);
        return update.executeUpdate();
      }
    }, "written");
  }

  /**
   * Says that {@code runner}, this process, still runs its jobs that wait or run: the other processes on the same
   * database tell a job whose process is gone by a heartbeat that stopped.
   */
  void heartbeat(String runner, long nowMicros) {
    written("update " + TABLE + " set heartbeat_at = ? where runner = ? and status in ('queued', 'running')", nowMicros,
        runner);
  }

  /**
   * Marks as interrupted the jobs that runners other than {@code runner} left queued or running with no heartbeat
   * since {@code staleBeforeMicros}: the process that ran them stopped before they ended (a kill, a crash, a power
   * cut). A job of another process that is alive, as in an application of several instances on one database, keeps
   * its status. Answers how many.
   */
  int interruptOthers(String runner, long nowMicros, long staleBeforeMicros) {
    return written("update " + TABLE + " set status = 'interrupted', finished_at = ? where runner <> ? and status in"
        + " ('queued', 'running') and heartbeat_at < ?", nowMicros, runner, staleBeforeMicros);
  }

  /** {@link #interruptOthers} for the job of that id alone. */
  void interruptIfStale(String id, long nowMicros, long staleBeforeMicros) {
    written("update " + TABLE + " set status = 'interrupted', finished_at = ? where id = ? and status in ('queued',"
        + " 'running') and heartbeat_at < ?", nowMicros, id, staleBeforeMicros);
  }

  /** The job of that id, or null. */
  Row find(String id) {
    return autoCommitted(connection -> {
      try (PreparedStatement select = connection.prepareStatement("select " + COLUMNS + " from " + TABLE
          + " where id = ?")) {
        select.setString(1, id);
        try (ResultSet rows = select.executeQuery()) {
          if (!rows.next()) {
            return null;
          }
          long finished = rows.getLong(13);
          Long finishedMicros = rows.wasNull() ? null : finished;
          int http = rows.getInt(14);
          Integer httpStatus = rows.wasNull() ? null : http;
          return new Row(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5),
              rows.getBoolean(6), rows.getLong(7), rows.getLong(8), rows.getLong(9), rows.getLong(10), rows.getLong(11),
              rows.getLong(12), finishedMicros, httpStatus, rows.getString(15), rows.getLong(16));
        }
      }
    }, "read");
  }

  /**
   * Deletes the oldest finished jobs beyond {@code kept}, each time one of the caller holding the most (the oldest
   * such job among equals), as the jobs kept in memory are let go of; answers the ids deleted.
   */
  List<String> forgetBeyond(int kept) {
    return autoCommitted(connection -> {
      List<String[]> finished = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement("select id, caller from " + TABLE
          + " where finished_at is not null order by created_at, id")) {
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            finished.add(new String[] {rows.getString(1), rows.getString(2)});
          }
        }
      }
      List<String> forgotten = new ArrayList<>();
      if (finished.size() <= kept) {
        return forgotten;
      }
      Map<String, Integer> held = new HashMap<>();
      finished.forEach(job -> held.merge(job[1], 1, Integer::sum));
      while (finished.size() > kept) {
        int most = held.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        for (int i = 0; i < finished.size(); i++) {
          String[] candidate = finished.get(i);
          if (held.get(candidate[1]) == most) {
            finished.remove(i);
            held.merge(candidate[1], -1, Integer::sum);
            forgotten.add(candidate[0]);
            break;
          }
        }
      }
      try (PreparedStatement delete = connection.prepareStatement("delete from " + TABLE + " where id = ?")) {
        for (String id : forgotten) {
          delete.setString(1, id);
          delete.addBatch();
        }
        delete.executeBatch();
      }
      return forgotten;
    }, "written");
  }

  /** The columns of {@code row} as {@code GET /imports/{id}} shows a job no process runs any more. */
  static Map<String, Object> counts(Row row) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("dryRun", row.dryRun());
    body.put("rows", row.rows());
    body.put(row.dryRun() ? "valid" : "imported", row.imported());
    body.put("failed", row.failed());
    body.put("chunks", row.chunks());
    body.put("lastRow", row.lastRow());
    return body;
  }

  /** Runs {@code sql} with {@code values} (none null) on a connection of its own, committed at once; the rows it wrote. */
  private int written(String sql, Object... values) {
    return autoCommitted(connection -> {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        for (int i = 0; i < values.length; i++) {
          statement.setObject(i + 1, values[i]);
        }
        return statement.executeUpdate();
      }
    }, "written");
  }

  private interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T autoCommitted(SqlWork<T> work, String what) {
    try {
      Connection connection = connections.getConnection();
      try {
        boolean auto = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try {
          return work.run(connection);
        } finally {
          connection.setAutoCommit(auto);
        }
      } finally {
        connections.closeConnection(connection);
      }
    } catch (SQLException e) {
      throw failed(what, e);
    }
  }

  private static ScribeException failed(String what, SQLException e) {
    return new ScribeException("the import jobs of " + TABLE + " could not be " + what + ": " + e.getMessage(), e);
  }
}
