package dev.scribe.repository;

import dev.scribe.core.Change;
import dev.scribe.core.EventManager;
import dev.scribe.core.Options;
import dev.scribe.core.Veto;
import dev.scribe.entity.EntityModel;
import dev.scribe.repository.internal.CallOptionsAccess;
import dev.scribe.repository.internal.RepositoryAccess;
import dev.scribe.repository.internal.StoreAccess;
import dev.scribe.repository.internal.UnitAccess;
import dev.scribe.repository.internal.ValueAccess;
import dev.scribe.repository.internal.store.StoreRoles;
import dev.scribe.repository.internal.unit.UnitState;
import dev.scribe.repository.internal.write.Writes;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.util.List;
import java.util.Map;

/**
 * Hands the package-private members of the documented types to the access classes of
 * {@code dev.scribe.repository.internal}, so that the implementation can live in sub-packages without
 * those members becoming public API. Loaded by the first access class used.
 */
final class Internals {
  static {
    StoreAccess.install(new Store());
    RepositoryAccess.install(new Repositories());
    UnitAccess.install(new Units());
    CallOptionsAccess.install(new Calls());
    ValueAccess.install(new Values());
  }

  private Internals() {}

  private static final class Store implements StoreAccess.Bridge {
    @Override
    public StoreRoles roles(DataStore store) {
      return store.roles();
    }
  }

  private static final class Repositories implements RepositoryAccess.Bridge {
    @Override
    public void refuseIfRegistered(Repository<?, ?> repository) {
      repository.refuseIfRegistered();
    }

    @Override
    public void attach(Repository<?, ?> repository, DataStore store, EventManager events, EntityModel<?> model) {
      repository.attach(store, events, model);
    }

    @Override
    public <ID> ID convertId(Repository<?, ID> repository, String raw) {
      return repository.convertId(raw);
    }

    @Override
    public Options effectiveOptions(Repository<?, ?> repository, String path, CallOptions options) {
      return repository.effectiveOptions(path, options);
    }

    @Override
    public <E, ID> Writes<E, ID> writes(Repository<E, ID> repository) {
      return repository.writes();
    }

  }

  private static final class Units implements UnitAccess.Bridge {
    @Override
    public UnitOfWork front(UnitState state) {
      return new UnitOfWork(state);
    }

    @Override
    public UnitState state(UnitOfWork unit) {
      return unit.state();
    }
  }

  private static final class Calls implements CallOptionsAccess.Bridge {
    @Override
    public CallOptions.Builder trustParams(CallOptions.Builder builder) {
      return builder.trustedParams(true);
    }

    @Override
    public boolean trustedParams(CallOptions options) {
      return options.trustedParams();
    }
  }

  private static final class Values implements ValueAccess.Bridge {
    @Override
    public <E> BatchResult<E> batchResult(List<E> items, List<Veto.RecordError> failures) {
      return new BatchResult<>(items, failures);
    }

    @Override
    public <E> Page<E> page(List<E> items, int page, int size, long total) {
      return new Page<>(items, page, size, total);
    }

    @Override
    public RowScope rowScope() {
      return new RowScope();
    }

    @Override
    public List<Predicate> predicates(RowScope scope, CriteriaBuilder cb, Root<?> root, EntityModel<?> model) {
      return scope.predicates(cb, root, model);
    }

    @Override
    public boolean sameScope(RowScope scope, RowScope other) {
      return scope.sameAs(other);
    }

    @Override
    public EntityEvent created(Class<?> type, String name, Object id, Map<String, Object> snapshot) {
      return new EntityCreated(type, name, id, snapshot);
    }

    @Override
    public EntityEvent updated(Class<?> type, String name, Object id, Map<String, Object> snapshot,
        Map<String, Change> changes, Map<String, Object> before) {
      return new EntityUpdated(type, name, id, snapshot, changes, before);
    }

    @Override
    public EntityEvent deleted(Class<?> type, String name, Object id, Map<String, Object> snapshot) {
      return new EntityDeleted(type, name, id, snapshot);
    }

    @Override
    public EntityEvent withUser(EntityEvent event, Object user) {
      return event.withUser(user);
    }

    @Override
    public ConstraintConflictException constraintConflict(ConstraintConflictException.Kind kind, String constraint,
        String entity, String attribute, String message, Map<String, List<String>> errors, boolean attributed) {
      return new ConstraintConflictException(kind, constraint, entity, attribute, message, errors, attributed);
    }

    @Override
    public boolean attributed(ConstraintConflictException conflict) {
      return conflict.attributed();
    }

    @Override
    public DatabaseUnavailableException unavailable(Throwable failure, long retryAfterSeconds) {
      return DatabaseUnavailableException.in(failure, retryAfterSeconds);
    }
  }
}
