package dev.scribe.repository;

import dev.scribe.core.Veto;
import java.util.List;
import java.util.Map;

/**
 * The database refused a write because of one of its constraints: a 409 (a unique key is taken, or a
 * record is still referenced) or a 422 (a required column is missing, a text is longer than its column,
 * a reference points to no record), naming the attribute of the entity whose column it is.
 *
 * <p>Raised instead of Hibernate's exceptions at the end of a unit of work, or at the record that failed
 * when a batch is written again one record at a time to find it (see {@link DataStore#retrying}).
 */
public class ConstraintConflictException extends Veto {
  private static final long serialVersionUID = 1L;

  /** What the database refused. */
  public enum Kind {
    /** A unique key or primary key is already taken: 409. */
    UNIQUE(409),
    /** A record cannot be deleted (or its key changed) while other records refer to it: 409. */
    STILL_REFERENCED(409),
    /** A reference points to a record that does not exist: 422. */
    MISSING_REFERENCE(422),
    /** A required column was left empty: 422. */
    NOT_NULL(422),
    /** A value is longer than its column: 422. */
    TOO_LONG(422),
    /** Any other constraint (a check constraint, an exclusion): 409. */
    OTHER(409);

    private final int status;

    Kind(int status) {
      this.status = status;
    }

    /** The HTTP status of this kind. */
    public int status() {
      return status;
    }
  }

  private final Kind kind;
  private final String constraint;
  private final String entityName;
  private final String attribute;
  private final transient boolean attributed;

  ConstraintConflictException(Kind kind, String constraint, String entityName, String attribute, String message,
      Map<String, List<String>> fieldErrors, boolean attributed) {
    super(List.of(message), kind.status(), fieldErrors, List.of());
    this.kind = kind;
    this.constraint = constraint;
    this.entityName = entityName;
    this.attribute = attribute;
    this.attributed = attributed;
  }

  /** What the database refused. */
  public Kind kind() {
    return kind;
  }

  /** The constraint's name as the database reported it, or null when it named none (not null, too long). */
  public String constraint() {
    return constraint;
  }

  /** The display name of the entity whose table refused the write, or null when unknown. */
  public String entityName() {
    return entityName;
  }

  /** The attribute whose column the constraint is on, or null when it could not be told. */
  public String attribute() {
    return attribute;
  }

  /**
   * False when the unit of work wrote several records and the database reported the failure at a flush
   * that sent several of them, so the record it belongs to is not known yet.
   */
  boolean attributed() {
    return attributed;
  }
}
