package dev.scribe.outbox.internal.relay;

import dev.scribe.core.User;
import dev.scribe.outbox.ChangeContext;
import dev.scribe.outbox.internal.wire.Json;
import dev.scribe.repository.BeforeCommitListener;
import dev.scribe.repository.EntityCreated;
import dev.scribe.repository.EntityDeleted;
import dev.scribe.repository.EntityEvent;
import dev.scribe.repository.EntityUpdated;
import dev.scribe.repository.UnitOfWork;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.hibernate.Session;

/**
 * Writes a unit of work's completed writes into the outbox table inside its transaction, one row per
 * write, in multi-row INSERTs of up to {@value OutboxTable#ROWS_PER_INSERT} rows. This instance's relay, when
 * it runs, is woken in process after the commit; otherwise (a write-only outbox, or a relay that stopped) a
 * PostgreSQL {@code NOTIFY} wakes the relays of the other instances at commit.
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
    // A NOTIFY costs the committing transaction a round trip and a lock on the notification queue that every
    // notifying commit of the database takes in turn; the relay of this instance is woken without one.
    boolean notify = table.dialect == Dialect.POSTGRES && !relaying.getAsBoolean();
    unit.entityManager().unwrap(Session.class).doWork(connection -> {
      for (int from = 0; from < writes.size(); from += OutboxTable.ROWS_PER_INSERT) {
        List<EntityEvent> rows = writes.subList(from, Math.min(writes.size(), from + OutboxTable.ROWS_PER_INSERT));
        try (PreparedStatement insert = connection.prepareStatement(table.insert(rows.size()))) {
          int parameter = 1;
          for (EntityEvent write : rows) {
            String user = userOf(write, contextUser);
            UUID id = EventIds.next();
            String type = typeOf(write);
            String aggregateId = String.valueOf(write.id());
            insert.setObject(parameter++, id);
            insert.setString(parameter++, write.entityName());
            insert.setString(parameter++, aggregateId);
            insert.setString(parameter++, type);
            insert.setString(parameter++, Json.write(payload(id, write, type, aggregateId, user, traceId, time)));
            insert.setString(parameter++, user);
            insert.setString(parameter++, traceId);
          }
          insert.executeUpdate();
        }
      }
      if (notify) {
        try (Statement notification = connection.createStatement()) {
          notification.execute("NOTIFY " + table.channel());
        }
      }
    });
    if (!notify) {
      unit.afterCommit(wake);
    }
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

  private static Map<String, Object> payload(UUID id, EntityEvent write, String type, String aggregateId, String user,
      String traceId, String time) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("id", id.toString());
    payload.put("aggregateType", write.entityName());
    payload.put("aggregateId", aggregateId);
    payload.put("type", type);
    switch (type) {
      case "created":
        payload.put("old", null);
        payload.put("new", write.snapshot());
        break;
      case "updated": {
        payload.put("old", ((EntityUpdated) write).before());
        payload.put("new", write.snapshot());
        break;
      }
      default:
        payload.put("old", write.snapshot());
        payload.put("new", null);
    }
    payload.put("user", user);
    payload.put("traceId", traceId);
    payload.put("time", time);
    return payload;
  }
}
