package dev.scribe.entity.internal;

import dev.scribe.core.Veto;
import jakarta.persistence.EntityManager;
import java.util.Map;
import java.util.Set;

/** What binding params into an entity needs from the operation: events args, the session, nested writers. */
public interface BindContext {

  /** The entity manager of the unit of work. */
  EntityManager entityManager();

  /**
   * The existing entity of {@code type} with {@code id} that params may point an association at, or null:
   * by default the entity manager's; the repository tier looks it up inside the caller's row scope.
   */
  default Object find(Class<?> type, Object id) {
    return entityManager().find(type, id);
  }

  /**
   * Those of {@code entities}, all of {@code type}, that the caller could not point an association at (outside
   * its row scope): a list given for a to-many replaces the records the caller can see and leaves these where
   * they are. By default none; the repository tier asks the type's row scope.
   */
  default Set<Object> outOfScope(Class<?> type, java.util.Collection<Object> entities) {
    return Set.of();
  }

  /**
   * Called before an existing record of {@code type} is taken to another parent or off its parent by a list
   * the params give ({@code field}, such as {@code subtasks[0]} or {@code subtasks}): a change of the record,
   * which throws when the caller may not change records of that type. Nothing by default; the repository tier
   * asks what the controller tier said of the caller.
   */
  default void relinking(Class<?> type, String field) {}

  /**
   * Called before an existing record of {@code type}, left out of an orphan-removing list ({@code field}), is
   * deleted: throws when the caller may not delete records of that type. Nothing by default; the repository
   * tier asks what the controller tier said of the caller.
   */
  default void removing(Class<?> type, String field) {}

  /** The entity event context of the unit of work. */
  EntityEventContext events();

  /** True when keys that are not attributes are refused; false when they are ignored. */
  boolean rejectUnknownFields();

  /**
   * True when the mass-assignment rule has already passed {@code params} as they are now, with the same
   * options and caller keys: the params check of the record being bound allowed these very keys, and none was
   * added since. The binder then does not apply the rule a second time. False by default.
   */
  default boolean keysChecked(Map<String, Object> params) {
    return false;
  }

  /**
   * The params keys the caller sent, before any handler ran: only these are refused when they name a
   * guarded attribute. Null means every key came from the caller.
   */
  default Set<String> callerKeys() {
    return null;
  }

  /** How associated entities of {@code type} given as nested objects are created or updated; null to bind them directly. */
  NestedWriter writer(Class<?> type);

  /** Runs {@code work} right after the entity being bound has been inserted (for children that reference it). */
  void afterInsert(Runnable work);

  /**
   * {@code original}, the refusal of a nested record that the unit of work may have kept as its failure, is
   * thrown as {@code renamed} (its fields named under the association): the unit's failure is the renamed one.
   */
  default void renamed(RuntimeException original, RuntimeException renamed) {}

  /**
   * {@code refusal}, of a nested record bound directly (its entity has no repository), is the refusal of the record
   * being bound, as a refusal of the nested record's own repository is: in a batch, that record's, named by its index.
   */
  default void childRefused(Veto refusal) {}

  /** Creates and updates nested entities, through their repository so that its events fire. */
  interface NestedWriter {

    /** Creates an entity from {@code params}, with {@code presets} written before binding (they bypass mass assignment). */
    Object create(Map<String, Object> params, Map<String, Object> presets);

    /** Updates the entity with that id from {@code params}. */
    Object update(Object id, Map<String, Object> params);

    /** Deletes the entity with that id, as its repository's delete does. */
    void delete(Object id);
  }
}
