package dev.scribe.repository.internal.unit;

import dev.scribe.core.EventArgs;
import dev.scribe.entity.internal.EntityEventContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.persister.entity.EntityPersister;

/**
 * The records of repository calls being handled on one unit of work, innermost first, with the args of
 * the entity events each raises, and the entity tier's view of them ({@link EntityEventContext}): which
 * args an entity's events get, whether a persist is its first, and the post events deferred to the end of
 * a flush. Confined to the unit's thread.
 */
final class RecordFrames {
  private final SessionImplementor session;
  private final FlushPoints flushPoints;
  private final Deque<Frame> records = new ArrayDeque<>();
  /*
   * Not sized for a batch: the args of a finished record are let go once its flush point has sent it
   * (releaseSent), so these hold one flush group's entities, and a small table stays in the processor's caches.
   */
  private final Map<Object, EventArgs> entityArgs = new IdentityHashMap<>();
  private final Set<Object> persisted = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Deque<Runnable> deferred = new ArrayDeque<>();
  /** Entities whose args {@link #leave} kept for writes a flush point had not sent yet, in that order. */
  private final List<Object> waitingForFlush = new ArrayList<>();
  private boolean runningDeferred;
  private final Entities entities = new Entities();

  RecordFrames(SessionImplementor session, FlushPoints flushPoints) {
    this.session = session;
    this.flushPoints = flushPoints;
  }

  /** The entity-tier view of these records. */
  EntityEventContext entities() {
    return entities;
  }

  /**
   * Registers the args of events about {@code entity} (the record's args with self = entity): the first
   * entity registered during a record is the record's own and is kept in its frame, others in a map.
   */
  void register(Object entity, EventArgs args) {
    Frame top = records.peek();
    if (top != null && top.entity == null) {
      top.entity = entity;
      top.entityArgs = args;
    } else {
      entityArgs.put(entity, args);
    }
  }

  void enter(EventArgs recordArgs) {
    if (records.isEmpty()) {
      flushPoints.outermostRecordStarted();
    }
    records.push(new Frame(recordArgs));
  }

  /** The index of the outermost record being handled, -1 outside records. */
  int outermostIndex() {
    Frame outermost = records.peekLast();
    return outermost == null ? -1 : outermost.index;
  }

  /** True while a record is being handled. */
  boolean handling() {
    return !records.isEmpty();
  }

  /**
   * Leaves the innermost record; true when {@code checkChanged} and an entity of the record changed after
   * its write, so that it must be flushed before the next query.
   */
  boolean leave(boolean checkChanged) {
    Frame left = records.pop();
    if (left.entity != null && insertPending(left.entity)) {
      // Its postPersist runs at the next flush point, after the record: it keeps the record's args, and
      // its prePersist has run.
      entityArgs.put(left.entity, left.entityArgs);
      waitingForFlush.add(left.entity);
      if (left.persisted) {
        persisted.add(left.entity);
      }
    } else if (left.entity != null && flushPoints.updatePending(left.entity)) {
      // Its preUpdate and postUpdate run at the next flush point, with the record's args
      entityArgs.put(left.entity, left.entityArgs);
      waitingForFlush.add(left.entity);
    }
    if (!checkChanged) {
      return false;
    }
    Object entity = left.record.get(EventArgs.ENTITY);
    // An entity whose UPDATE waits for the next flush point is flushed there as it is then
    return (entity != null && !flushPoints.updatePending(entity) && ScopedAutoFlush.dirty(session, entity))
        || (left.entity != null && left.entity != entity && ScopedAutoFlush.dirty(session, left.entity))
        || (left.written != null && left.written != entity && ScopedAutoFlush.dirty(session, left.written));
  }

  /**
   * Forgets the args {@link #leave} kept for finished records whose writes have now been sent and whose
   * post events have run: once its row is written, a record's entity is like that of a record written
   * inside its record, whose args end with it. A batch then holds the args of one flush group at a time
   * rather than of every record to the end of the unit. Only between records, with nothing queued.
   */
  void releaseSent() {
    if (waitingForFlush.isEmpty() || !records.isEmpty() || !deferred.isEmpty()
        || session.getActionQueue().hasAnyQueuedActions()) {
      return;
    }
    int kept = 0;
    for (Object entity : waitingForFlush) {
      EntityEntry entry = session.getPersistenceContextInternal().getEntry(entity);
      boolean sent = entry != null && entry.isExistsInDatabase() && !flushPoints.updatePending(entity);
      if (sent) {
        entityArgs.remove(entity);
        persisted.remove(entity);
      } else {
        waitingForFlush.set(kept++, entity);
      }
    }
    waitingForFlush.subList(kept, waitingForFlush.size()).clear();
  }

  private boolean insertPending(Object entity) {
    EntityEntry entry = session.getPersistenceContextInternal().getEntry(entity);
    return entry != null && !entry.isExistsInDatabase();
  }

  private Frame frameOf(Object entity) {
    // Asked by each entity event: outside records (the post events of a flush point) and for the record being
    // handled (its own entity's events) without walking the stack
    Frame top = records.peek();
    if (top == null || top.entity == entity) {
      return top;
    }
    for (Frame frame : records) {
      if (frame.entity == entity) {
        return frame;
      }
    }
    return null;
  }

  /** Records the entity the current record writes, for the scoped flush before a query. */
  void written(Object entity) {
    Frame top = records.peek();
    if (top != null) {
      top.written = entity;
    }
  }

  /**
   * True when {@code entity} is the entity of a record being handled whose write has not run yet: what its
   * handlers changed on it goes with its write (binding the params), not in a flush before a handler's query,
   * which would send the row twice and move its version twice in one write.
   */
  boolean awaitingWrite(Object entity) {
    for (Frame frame : records) {
      if (frame.written == null && (frame.record.get(EventArgs.ENTITY) == entity || frame.entity == entity)) {
        return true;
      }
    }
    return false;
  }

  /** The entities of the records being handled (the innermost first): what may be dirty besides queued actions. */
  List<Object> recordEntities() {
    List<Object> found = new ArrayList<>(records.size() * 2);
    for (Frame frame : records) {
      Object entity = frame.record.get(EventArgs.ENTITY);
      if (entity != null) {
        found.add(entity);
      }
      if (frame.entity != null && frame.entity != entity) {
        found.add(frame.entity);
      }
      if (frame.written != null && frame.written != entity && frame.written != frame.entity) {
        found.add(frame.written);
      }
    }
    return found;
  }

  /** One record being handled: its args, and its own entity with the args of that entity's events. */
  private static final class Frame {
    final EventArgs record;
    /** The record's index in its call's batch. */
    final int index;
    Object entity;
    EventArgs entityArgs;
    boolean persisted;
    /** The entity the record wrote (created, updated, deleted), whether or not entity handlers exist. */
    Object written;

    Frame(EventArgs record) {
      this.record = record;
      Integer position = record.index();
      this.index = position == null ? -1 : position;
    }
  }

  /** The entity-tier view of this unit of work. */
  private final class Entities implements EntityEventContext {
    @Override
    public EventArgs entityArgs(Object entity, Map<String, Object> params) {
      Frame own = frameOf(entity);
      EventArgs args = own != null ? own.entityArgs : entityArgs.get(entity);
      if (args == null) {
        Frame top = records.peek();
        EventArgs record = top == null ? null : top.record;
        if (record == null) {
          args = EventArgs.builder().self(entity).build();
        } else {
          args = record.withSelf(entity);
          args.remove(EventArgs.PARAMS);
          args.remove(EventArgs.ENTITY);
          args.remove(EventArgs.CHANGES);
        }
        entityArgs.put(entity, args);
      }
      if (params != null && args.get(EventArgs.PARAMS) == null) {
        args.put(EventArgs.PARAMS, params);
      }
      return args;
    }

    @Override
    public boolean firstPersist(Object entity) {
      Frame own = frameOf(entity);
      if (own != null) {
        boolean first = !own.persisted;
        own.persisted = true;
        return first;
      }
      return persisted.add(entity);
    }

    @Override
    public void persisting(Object entity) {
      Frame outermost = records.peekLast();
      if (outermost != null) {
        flushPoints.persisting(entity, outermost.index);
      }
    }

    @Override
    public void inserting(Object entity, Object id, Object[] state, EntityPersister persister) {
      flushPoints.inserting(entity, id, state, persister);
    }

    @Override
    public void defer(Runnable postEvent) {
      deferred.add(postEvent);
    }

    @Override
    public void runDeferred() {
      if (runningDeferred) {
        return;
      }
      runningDeferred = true;
      try {
        for (Runnable next = deferred.poll(); next != null; next = deferred.poll()) {
          next.run();
        }
      } finally {
        runningDeferred = false;
      }
    }
  }
}
