package dev.scribe.repository;

import dev.scribe.core.Veto;
import dev.scribe.entity.internal.ValueConverter;
import java.util.List;
import java.util.Map;

/** No record has the id asked for: a 404 veto, "task 42 not found". */
public class RecordNotFoundException extends Veto {
  private static final long serialVersionUID = 1L;

  private final String entityName;
  private final transient Object id;

  /** A 404 for {@code entityName} (lower camel, as in messages) and {@code id}. */
  public RecordNotFoundException(String entityName, Object id) {
    // a text id is the client's: one of 5,000 characters was echoed whole
    super(List.of(entityName + " " + ValueConverter.shorten(String.valueOf(id)) + " not found"), 404, Map.of(), List.of());
    this.entityName = entityName;
    this.id = id;
  }

  /** The entity name as used in the message: {@code task}. */
  public String entityName() {
    return entityName;
  }

  /** The id that was not found. */
  public Object id() {
    return id;
  }
}
