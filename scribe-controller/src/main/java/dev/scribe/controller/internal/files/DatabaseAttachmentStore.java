package dev.scribe.controller.internal.files;

import dev.scribe.controller.AttachmentStore;
import dev.scribe.core.ScribeException;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.UnitOfWork;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * {@link AttachmentStore#database()}: bytes in {@code scribe_attachment_blobs}, written and deleted on the
 * unit of work's own connection, so a rollback takes them back with everything else. The JDBC driver streams
 * the request body into the blob ({@code setBinaryStream} without a length), and the download streams it out.
 */
public final class DatabaseAttachmentStore implements AttachmentStore {
  static final String TABLE = "scribe_attachment_blobs";

  @Override
  public void prepare(DataStore store) {
    Jdbc.createTables(store, "create table if not exists " + TABLE
        + " (blob_key varchar(64) primary key, content {blob} not null)");
  }

  @Override
  public String write(UnitOfWork unit, InputStream content) throws IOException {
    String key = UUID.randomUUID().toString().replace("-", "");
    try (PreparedStatement insert = Jdbc.connection(unit).prepareStatement(
        "insert into " + TABLE + " (blob_key, content) values (?, ?)")) {
      insert.setString(1, key);
      insert.setBinaryStream(2, content);
      insert.executeUpdate();
      return key;
    } catch (SQLException e) {
      IOException cause = ioCause(e);
      if (cause != null) {
        throw cause;
      }
      throw new ScribeException("the attachment could not be written to " + TABLE + ": " + e.getMessage(), e);
    }
  }

  @Override
  public InputStream open(UnitOfWork unit, String key) throws IOException {
    Connection connection = Jdbc.connection(unit);
    PreparedStatement select = null;
    try {
      select = connection.prepareStatement("select content from " + TABLE + " where blob_key = ?");
      select.setString(1, key);
      ResultSet rows = select.executeQuery();
      if (!rows.next()) {
        select.close();
        throw new java.io.FileNotFoundException("the bytes of attachment " + key + " are missing from " + TABLE);
      }
      PreparedStatement statement = select;
      return new FilterInputStream(rows.getBinaryStream(1)) {
        @Override
        public void close() throws IOException {
          try {
            super.close();
          } finally {
            try {
              statement.close();
            } catch (SQLException e) {
              throw new IOException(e);
            }
          }
        }
      };
    } catch (SQLException e) {
      if (select != null) {
        try {
          select.close();
        } catch (SQLException closing) {
          e.addSuppressed(closing);
        }
      }
      throw new IOException("the attachment " + key + " could not be read from " + TABLE + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void delete(UnitOfWork unit, String key) {
    try (PreparedStatement delete = Jdbc.connection(unit).prepareStatement("delete from " + TABLE + " where blob_key = ?")) {
      delete.setString(1, key);
      delete.executeUpdate();
    } catch (SQLException e) {
      throw new ScribeException("the attachment " + key + " could not be deleted from " + TABLE + ": " + e.getMessage(), e);
    }
  }

  /** The I/O failure of the body the driver was reading (the client went away, the size limit), if that was the cause. */
  private static IOException ioCause(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException) {
        return (IOException) cause;
      }
      if (cause instanceof UncheckedIOException) {
        return ((UncheckedIOException) cause).getCause();
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "AttachmentStore.database()";
  }
}
