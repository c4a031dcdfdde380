package dev.scribe.repository.internal.write;

import dev.scribe.core.Change;
import dev.scribe.entity.EntityAttribute;
import dev.scribe.repository.internal.params.CopyOnWriteParams;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * What an update record's proposed {@code changes} were computed from at its prepare step: its entity, its params
 * frame and how many times it was written, the attribute values read from the entity, and the changes themselves.
 * After the pre handlers, {@code changes} are computed again only when one of these differs (DESIGN §3: they follow
 * the params): a handler that wrote the params, changed a read attribute, replaced the entity or the changes, or
 * changed the changes map. Records run one at a time, so one instance serves a batch.
 */
final class ProposedFrom {
  private Object entity;
  private Map<String, Object> params;
  private int writes;
  private EntityAttribute[] attributes = new EntityAttribute[8];
  private Object[] values = new Object[8];
  private int count;
  private Map<String, Change> changes;
  private String[] keys = new String[8];
  private Change[] entries = new Change[8];
  private int entryCount;

  void clear() {
    Arrays.fill(values, 0, count, null);
    Arrays.fill(keys, 0, entryCount, null);
    Arrays.fill(entries, 0, entryCount, null);
    count = 0;
    entryCount = 0;
    entity = null;
    params = null;
    changes = null;
  }

  /** Notes that {@code value} was read from {@code attribute} of the entity. */
  void read(EntityAttribute attribute, Object value) {
    if (count == attributes.length) {
      attributes = Arrays.copyOf(attributes, count * 2);
      values = Arrays.copyOf(values, count * 2);
    }
    attributes[count] = attribute;
    values[count] = value;
    count++;
  }

  /** Notes what the changes were computed from; a params map that is not a frame is never taken as unchanged. */
  void computed(Object entity, Map<String, Object> params, Map<String, Change> changes) {
    int written = CopyOnWriteParams.writes(params);
    if (written < 0) {
      return;
    }
    this.entity = entity;
    this.params = params;
    this.writes = written;
    this.changes = changes;
    if (entries.length < changes.size()) {
      keys = new String[changes.size()];
      entries = new Change[changes.size()];
    }
    entryCount = 0;
    for (Map.Entry<String, Change> change : changes.entrySet()) {
      keys[entryCount] = change.getKey();
      entries[entryCount++] = change.getValue();
    }
  }

  /**
   * True when {@code changes} computed from {@code entity} and {@code params} now would equal the ones noted: the
   * same entity, the same params frame not written since, every attribute read holding the very value read, and
   * the noted changes map still in the args, unchanged (the same keys holding the same changes, in order).
   */
  boolean unchanged(Object entity, Map<String, Object> params, Object changes) {
    if (this.changes == null || entity != this.entity || params != this.params || changes != this.changes
        || CopyOnWriteParams.writes(params) != writes || this.changes.size() != entryCount) {
      return false;
    }
    for (int i = 0; i < count; i++) {
      if (attributes[i].read(entity) != values[i]) {
        return false;
      }
    }
    Iterator<Map.Entry<String, Change>> kept = this.changes.entrySet().iterator();
    for (int i = 0; i < entryCount; i++) {
      Map.Entry<String, Change> change = kept.next();
      if (change.getKey() != keys[i] || change.getValue() != entries[i]) {
        return false;
      }
    }
    return true;
  }
}
