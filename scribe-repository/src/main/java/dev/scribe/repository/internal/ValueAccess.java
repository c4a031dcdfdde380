package dev.scribe.repository.internal;

import dev.scribe.core.Change;
import dev.scribe.core.Veto;
import dev.scribe.entity.EntityModel;
import dev.scribe.repository.BatchResult;
import dev.scribe.repository.ConstraintConflictException;
import dev.scribe.repository.DatabaseUnavailableException;
import dev.scribe.repository.EntityEvent;
import dev.scribe.repository.Page;
import dev.scribe.repository.RowScope;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.util.List;
import java.util.Map;

/**
 * Internal and unsupported: the constructors and members of the repository's value types (results,
 * pages, row scopes, committed-write events, failures) that only the framework's own classes use.
 */
public final class ValueAccess {
  /** Implemented by the repository package, which alone reaches these members. */
  public interface Bridge {
    <E> BatchResult<E> batchResult(List<E> items, List<Veto.RecordError> failures);

    <E> Page<E> page(List<E> items, int page, int size, long total);

    RowScope rowScope();

    List<Predicate> predicates(RowScope scope, CriteriaBuilder cb, Root<?> root, EntityModel<?> model);

    boolean sameScope(RowScope scope, RowScope other);

    EntityEvent created(Class<?> type, String name, Object id, Map<String, Object> snapshot);

    EntityEvent updated(Class<?> type, String name, Object id, Map<String, Object> snapshot, Map<String, Change> changes,
        Map<String, Object> before);

    EntityEvent deleted(Class<?> type, String name, Object id, Map<String, Object> snapshot);

    EntityEvent withUser(EntityEvent event, Object user);

    ConstraintConflictException constraintConflict(ConstraintConflictException.Kind kind, String constraint, String entity,
        String attribute, String message, Map<String, List<String>> errors, boolean attributed);

    boolean attributed(ConstraintConflictException conflict);

    DatabaseUnavailableException unavailable(Throwable failure, long retryAfterSeconds);
  }

  private static final Installed<Bridge> BRIDGE = new Installed<>("ValueAccess");

  private ValueAccess() {}

  public static <E> BatchResult<E> batchResult(List<E> items, List<Veto.RecordError> failures) {
    return BRIDGE.get().batchResult(items, failures);
  }

  public static <E> Page<E> page(List<E> items, int page, int size, long total) {
    return BRIDGE.get().page(items, page, size, total);
  }

  /** An empty row scope, for {@code scopeQuery} handlers to add to. */
  public static RowScope rowScope() {
    return BRIDGE.get().rowScope();
  }

  /** The criteria of {@code scope} as predicates over {@code root}. */
  public static List<Predicate> predicates(RowScope scope, CriteriaBuilder cb, Root<?> root, EntityModel<?> model) {
    return BRIDGE.get().predicates(scope, cb, root, model);
  }

  /** True when {@code other} was built with the same restrictions as {@code scope}, so keeps the same rows. */
  public static boolean sameScope(RowScope scope, RowScope other) {
    return BRIDGE.get().sameScope(scope, other);
  }

  public static EntityEvent created(Class<?> type, String name, Object id, Map<String, Object> snapshot) {
    return BRIDGE.get().created(type, name, id, snapshot);
  }

  public static EntityEvent updated(Class<?> type, String name, Object id, Map<String, Object> snapshot,
      Map<String, Change> changes, Map<String, Object> before) {
    return BRIDGE.get().updated(type, name, id, snapshot, changes, before);
  }

  public static EntityEvent deleted(Class<?> type, String name, Object id, Map<String, Object> snapshot) {
    return BRIDGE.get().deleted(type, name, id, snapshot);
  }

  /** {@code event} as published for {@code user}. */
  public static EntityEvent withUser(EntityEvent event, Object user) {
    return BRIDGE.get().withUser(event, user);
  }

  public static ConstraintConflictException constraintConflict(ConstraintConflictException.Kind kind, String constraint,
      String entity, String attribute, String message, Map<String, List<String>> errors, boolean attributed) {
    return BRIDGE.get().constraintConflict(kind, constraint, entity, attribute, message, errors, attributed);
  }

  /** True when the conflict names the record whose row was refused. */
  public static boolean attributed(ConstraintConflictException conflict) {
    return BRIDGE.get().attributed(conflict);
  }

  /** The 503 of {@code failure} when it is a connection failure, or null. */
  public static DatabaseUnavailableException unavailable(Throwable failure, long retryAfterSeconds) {
    return BRIDGE.get().unavailable(failure, retryAfterSeconds);
  }

  /** Called once, by the repository package; a second call is refused. */
  public static void install(Bridge implementation) {
    BRIDGE.install(implementation);
  }
}
