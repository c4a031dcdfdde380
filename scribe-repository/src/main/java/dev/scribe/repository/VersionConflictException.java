package dev.scribe.repository;

import dev.scribe.core.Veto;
import java.util.List;
import java.util.Map;

/**
 * A write was based on a stale version of a record: a 409 veto carrying the version the caller expected
 * and the one the record has (null when unknown, as when a concurrent transaction won the race). The
 * controller answers 412 instead when the client sent {@code If-Match}.
 */
public class VersionConflictException extends Veto {
  private static final long serialVersionUID = 1L;

  private final String entityName;
  private final transient Object id;
  private final transient Object expectedVersion;
  private final transient Object actualVersion;

  /** A 409 for {@code entityName} {@code id}, expected at {@code expectedVersion} but at {@code actualVersion}. */
  public VersionConflictException(String entityName, Object id, Object expectedVersion, Object actualVersion) {
    super(List.of(message(entityName, id, expectedVersion, actualVersion)), 409, Map.of(), List.of());
    this.entityName = entityName;
    this.id = id;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }

  private static String message(String entityName, Object id, Object expected, Object actual) {
    if (entityName == null || id == null) {
      // a stale write found at the commit, whose entity Hibernate did not name
      return "a record was changed by another transaction since it was read; reload it and retry";
    }
    if (actual == null && expected == null) {
      return entityName + " " + id + " was changed by another transaction since it was read; reload it and retry";
    }
    if (actual == null) {
      return entityName + " " + id + " was changed by another transaction since version " + expected
          + " was read; reload it and retry";
    }
    return entityName + " " + id + " is at version " + actual + ", not at the expected version " + expected
        + "; reload it and retry";
  }

  /** The name of the record's entity as the message gives it, e.g. {@code task}. */
  public String entityName() {
    return entityName;
  }

  /** The id of the record that is at another version. */
  public Object id() {
    return id;
  }

  /** The version the caller based its write on. */
  public Object expectedVersion() {
    return expectedVersion;
  }

  /** The version the record has, or null when unknown. */
  public Object actualVersion() {
    return actualVersion;
  }
}
