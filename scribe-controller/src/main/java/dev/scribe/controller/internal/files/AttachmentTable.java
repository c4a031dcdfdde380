package dev.scribe.controller.internal.files;

import dev.scribe.core.ScribeException;
import dev.scribe.core.Veto;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.UnitOfWork;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of {@code scribe_attachments}: one per file of a record, keyed by the resource's repository name,
 * the record's id and the file's name, read and written on the unit of work's connection.
 */
public final class AttachmentTable {
  static final String TABLE = "scribe_attachments";
  private static final String COLUMNS = "name, content_type, size, digest, modified_at, blob_key";

  private AttachmentTable() {}

  static void create(DataStore store) {
    Jdbc.createTables(store, "create table if not exists " + TABLE + " (owner varchar(200) not null,"
        + " record_id varchar(200) not null, name varchar(255) not null, content_type varchar(255) not null,"
        + " size bigint not null, digest varchar(64) not null, modified_at bigint not null,"
        + " blob_key varchar(64) not null, primary key (owner, record_id, name))");
  }

  /**
   * The ones of {@code keys} that a row names, read on a connection of its own (committed rows only): what the
   * directory store's sweep must keep.
   */
  static java.util.Set<String> referenced(DataStore store, java.util.List<String> keys) {
    java.util.Set<String> found = new java.util.HashSet<>();
    for (int from = 0; from < keys.size(); from += 500) {
      java.util.List<String> chunk = keys.subList(from, Math.min(keys.size(), from + 500));
      String sql = "select blob_key from " + TABLE + " where blob_key in (" + "?, ".repeat(chunk.size() - 1) + "?)";
      Jdbc.withConnection(store, connection -> {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
          for (int i = 0; i < chunk.size(); i++) {
            select.setString(i + 1, chunk.get(i));
          }
          try (java.sql.ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              found.add(rows.getString(1));
            }
          }
        }
      });
    }
    return found;
  }

  /** The file, locked until the unit of work ends when {@code lock}, or null. */
  static Attachment find(UnitOfWork unit, String owner, String recordId, String name, boolean lock) {
    String sql = "select " + COLUMNS + " from " + TABLE + " where owner = ? and record_id = ? and name = ?"
        + (lock ? " for update" : "");
    try (PreparedStatement select = Jdbc.connection(unit).prepareStatement(sql)) {
      select.setString(1, owner);
      select.setString(2, recordId);
      select.setString(3, name);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? read(rows) : null;
      }
    } catch (SQLException e) {
      throw failed("read", e);
    }
  }

  /** The files of a record, by name. */
  static List<Attachment> list(UnitOfWork unit, String owner, String recordId) {
    try (PreparedStatement select = Jdbc.connection(unit).prepareStatement("select " + COLUMNS + " from " + TABLE
        + " where owner = ? and record_id = ? order by name")) {
      select.setString(1, owner);
      select.setString(2, recordId);
      List<Attachment> files = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          files.add(read(rows));
        }
      }
      return files;
    } catch (SQLException e) {
      throw failed("listed", e);
    }
  }

  /** Inserts the row, or updates it when {@code replace}; a 409 when a concurrent upload created it first. */
  static void save(UnitOfWork unit, String owner, String recordId, Attachment file, boolean replace) {
    String sql = replace
        ? "update " + TABLE + " set content_type = ?, size = ?, digest = ?, modified_at = ?, blob_key = ?"
            + " where owner = ? and record_id = ? and name = ?"
        : "insert into " + TABLE + " (content_type, size, digest, modified_at, blob_key, owner, record_id, name)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?)";
    try (PreparedStatement write = Jdbc.connection(unit).prepareStatement(sql)) {
      write.setString(1, file.contentType());
      write.setLong(2, file.size());
      write.setString(3, file.digest());
      write.setLong(4, file.modifiedMillis());
      write.setString(5, file.key());
      write.setString(6, owner);
      write.setString(7, recordId);
      write.setString(8, file.name());
      write.executeUpdate();
    } catch (SQLException e) {
      if (Jdbc.uniqueViolation(e)) {
        throw new Veto(409, "another upload of '" + file.name() + "' finished first; send the PUT again to replace it");
      }
      throw failed("written", e);
    }
  }

  static void delete(UnitOfWork unit, String owner, String recordId, String name) {
    try (PreparedStatement delete = Jdbc.connection(unit).prepareStatement("delete from " + TABLE
        + " where owner = ? and record_id = ? and name = ?")) {
      delete.setString(1, owner);
      delete.setString(2, recordId);
      delete.setString(3, name);
      delete.executeUpdate();
    } catch (SQLException e) {
      throw failed("deleted", e);
    }
  }

  /** Deletes every row of a record; answers the store keys of the files, for the store to remove. */
  static List<String> deleteAll(UnitOfWork unit, String owner, String recordId) {
    List<String> keys = new ArrayList<>();
    for (Attachment file : list(unit, owner, recordId)) {
      keys.add(file.key());
    }
    if (keys.isEmpty()) {
      return keys;
    }
    try (PreparedStatement delete = Jdbc.connection(unit).prepareStatement("delete from " + TABLE
        + " where owner = ? and record_id = ?")) {
      delete.setString(1, owner);
      delete.setString(2, recordId);
      delete.executeUpdate();
    } catch (SQLException e) {
      throw failed("deleted", e);
    }
    return keys;
  }

  private static Attachment read(ResultSet rows) throws SQLException {
    return new Attachment(rows.getString(1), rows.getString(2), rows.getLong(3), rows.getString(4), rows.getLong(5),
        rows.getString(6));
  }

  private static ScribeException failed(String what, SQLException e) {
    return new ScribeException("the attachment rows of " + TABLE + " could not be " + what + ": " + e.getMessage(), e);
  }
}
