package dev.scribe.outbox.internal.relay;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.scribe.core.User;
import dev.scribe.outbox.ChangeContext;
import dev.scribe.outbox.internal.wire.Json;
import dev.scribe.repository.BeforeCommitListener;
import dev.scribe.repository.EntityCreated;
import dev.scribe.repository.EntityDeleted;
import dev.scribe.repository.EntityEvent;
import dev.scribe.repository.EntityUpdated;
import dev.scribe.repository.UnitOfWork;
import java.io.IOException;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.hibernate.Session;

/**
 * Writes a unit of work's completed writes into the outbox table inside its transaction, one row per
 * write, in multi-row INSERTs of up to {@value OutboxTable#ROWS_PER_INSERT} rows. On PostgreSQL the rows are
 * the unit's last statement ({@link UnitOfWork#commitWith}), sent with its COMMIT in one round trip. This
 * instance's relay, when it runs, is woken in process after the commit; otherwise (a write-only outbox, or a
 * relay that stopped) a PostgreSQL {@code NOTIFY} wakes the relays of the other instances at commit.
 */
public final class OutboxWriter implements BeforeCommitListener {
  private final OutboxTable table;
  private final Supplier<String> user;
  private final Supplier<String> traceId;
  private final Runnable wake;
  private final BooleanSupplier relaying;

  /**
   * {@code user} and {@code traceId} give the writing thread's {@link ChangeContext} (the settings' suppliers);
   * {@code wake} wakes this instance's relay, and {@code relaying} tells whether that relay runs.
   */
  public OutboxWriter(OutboxTable table, Supplier<String> user, Supplier<String> traceId, Runnable wake,
      BooleanSupplier relaying) {
    this.table = table;
    this.user = user;
    this.traceId = traceId;
    this.wake = wake;
    this.relaying = relaying;
  }

  @Override
  public void beforeCommit(UnitOfWork unit, List<EntityEvent> writes) {
    String contextUser = user.get();
    String traceId = this.traceId.get();
    // one time for the whole unit, written once: Instant.toString costs more than the rest of a payload's fields
    String time = Instant.now().toString();
    // A NOTIFY costs the committing transaction a lock on the notification queue that every notifying commit
    // of the database takes in turn; the relay of this instance is woken without one.
    boolean notify = table.dialect == Dialect.POSTGRES && !relaying.getAsBoolean();
    Object[][] rows = new Object[writes.size()][];
    for (int i = 0; i < rows.length; i++) {
      EntityEvent write = writes.get(i);
      String user = userOf(write, contextUser);
      UUID id = EventIds.next();
      String type = typeOf(write);
      String aggregateId = String.valueOf(write.id());
      rows[i] = new Object[] {id, write.entityName(), aggregateId, type,
          payload(id, write, type, aggregateId, user, traceId, time), column(user), column(traceId)};
    }
    if (table.dialect == Dialect.POSTGRES) {
      // Sent as the unit's last statement, with its COMMIT in the same round trip: a statement of its own here
      // would cost every store a round trip to the database, and the entity's rows may still wait in the JDBC
      // batch that the commit's flush sends.
      unit.commitWith((connection, mayCommit) -> insert(connection, rows, notify, mayCommit));
    } else {
      unit.entityManager().unwrap(Session.class).doWork(connection -> insert(connection, rows, false, false));
    }
    if (!notify) {
      unit.afterCommit(wake);
    }
  }

  /**
   * INSERTs {@code rows}, up to {@value OutboxTable#ROWS_PER_INSERT} a statement; the last statement also
   * notifies the relays when {@code notify}, and commits the transaction when {@code commit} (PostgreSQL).
   */
  private void insert(Connection connection, Object[][] rows, boolean notify, boolean commit) throws SQLException {
    for (int from = 0; from < rows.length; from += OutboxTable.ROWS_PER_INSERT) {
      int count = Math.min(rows.length - from, OutboxTable.ROWS_PER_INSERT);
      boolean last = from + count == rows.length;
      String sql = last ? table.insert(count, notify, commit) : table.insert(count, false, false);
      try (PreparedStatement insert = connection.prepareStatement(sql)) {
        int parameter = 1;
        for (int row = from; row < from + count; row++) {
          Object[] values = rows[row];
          insert.setObject(parameter++, values[0]);
          for (int column = 1; column < values.length; column++) {
            insert.setString(parameter++, (String) values[column]);
          }
        }
        insert.executeUpdate();
      }
    }
  }

  /**
   * {@code value} cut to the {@value OutboxTable#TEXT_COLUMN_CHARS} characters of the {@code user_name} and
   * {@code trace_id} columns, never through a surrogate pair: they come from a caller (an {@code X-Request-Id}
   * header through {@link dev.scribe.outbox.ChangeContextServlet}), and a longer one failed the write itself. The
   * payload keeps the whole value.
   */
  static String column(String value) {
    if (value == null || value.length() <= OutboxTable.TEXT_COLUMN_CHARS) {
      return value;
    }
    int end = OutboxTable.TEXT_COLUMN_CHARS;
    return value.substring(0, Character.isHighSurrogate(value.charAt(end - 1)) ? end - 1 : end);
  }

  /**
   * Who made the write: the id of the unit of work's caller ({@link EntityEvent#user()}, a {@link User} over
   * HTTP), else the {@link ChangeContext}'s user.
   */
  private static String userOf(EntityEvent write, String contextUser) {
    Object caller = write.user();
    if (caller instanceof User) {
      return ((User) caller).id();
    }
    return caller != null ? String.valueOf(caller) : contextUser;
  }

  private static String typeOf(EntityEvent write) {
    if (write instanceof EntityCreated) {
      return "created";
    }
    if (write instanceof EntityUpdated) {
      return "updated";
    }
    if (write instanceof EntityDeleted) {
      return "deleted";
    }
    throw new IllegalArgumentException("no outbox event type for " + write.getClass().getName());
  }

  /**
   * The row's payload, written field by field: the same JSON as a map of these fields would give, without
   * building the map and looking up a serializer for each of its values.
   */
  private static String payload(UUID id, EntityEvent write, String type, String aggregateId, String user,
      String traceId, String time) {
    Map<String, Object> oldValues;
    Map<String, Object> newValues;
    switch (type) {
      case "created":
        oldValues = null;
        newValues = write.snapshot();
        break;
      case "updated":
        oldValues = ((EntityUpdated) write).before();
        newValues = write.snapshot();
        break;
      default:
        oldValues = write.snapshot();
        newValues = null;
    }
    StringWriter out = new StringWriter(256);
    try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("id", id.toString());
      json.writeStringField("aggregateType", write.entityName());
      json.writeStringField("aggregateId", aggregateId);
      json.writeStringField("type", type);
      json.writeFieldName("old");
      json.writeObject(oldValues);
      json.writeFieldName("new");
      json.writeObject(newValues);
      json.writeStringField("user", user);
      json.writeStringField("traceId", traceId);
      json.writeStringField("time", time);
      json.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the outbox payload of " + write.entityName() + " " + aggregateId
          + " as JSON: " + e.getMessage(), e);
    }
    return out.toString();
  }
}
