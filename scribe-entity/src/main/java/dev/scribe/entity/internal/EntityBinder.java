package dev.scribe.entity.internal;

import dev.scribe.core.EventArgs;
import dev.scribe.core.EventManager;
import dev.scribe.core.Veto;
import dev.scribe.core.internal.CoreAccess;
import dev.scribe.entity.AttributeKind;
import dev.scribe.entity.EntityAttribute;
import dev.scribe.entity.EntityCatalog;
import dev.scribe.entity.EntityModel;
import dev.scribe.entity.EntityTier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Sets params on an entity: refuses what may not be set (mass assignment), converts each value to its
 * attribute's type, fires {@code preSetField} for each value and {@code preProcessAssociationParams} for
 * each association, and resolves associations from an id, a list of ids or nested objects.
 *
 * <p>Thread-safe; per-call state lives in the {@link BindContext}.
 */
public final class EntityBinder {
  private static final CoreAccess CORE = CoreAccess.get();

  private final EntityCatalog catalog;
  private final AssociationBinder associations;

  /** A binder that checks no constraint of the nested records it binds directly (see the other constructor). */
  public EntityBinder(EntityCatalog catalog) {
    this(catalog, null);
  }

  /**
   * A binder that checks the Bean Validation constraints of each nested record it binds directly (one whose entity
   * has no repository, persisted by cascade or by the binder): a violation is the parent record's refusal, a 422
   * naming the nested field ({@code subtasks[1].title}). A record written through its own repository is checked
   * there, with its params.
   */
  public EntityBinder(EntityCatalog catalog, jakarta.validation.Validator validator) {
    this.catalog = catalog;
    this.associations = new AssociationBinder(this, validator == null ? null : new NestedConstraints(validator));
  }

  /**
   * Binds {@code params} into {@code entity}. With {@code replace}, settable to-one and basic attributes
   * absent from params are reset to the value a new instance has. Throws the refusal veto, a conversion
   * veto (400) or whatever a handler throws; the entity may then be partly bound.
   */
  public <E> void bind(EntityModel<E> model, E entity, Map<String, Object> params, boolean replace, BindContext context) {
    BindContext ctx = context;
    if (!ctx.keysChecked(params)) {
      Veto refused = model.refusals(params, ctx.rejectUnknownFields(), ctx.callerKeys());
      if (refused != null) {
        throw refused;
      }
    }
    EventManager events = catalog.events(model.type());
    boolean fieldEvents = events != null && events.hasHandlers(EntityTier.PRE_SET_FIELD);
    boolean associationEvents = events != null && events.hasHandlers(EntityTier.PRE_PROCESS_ASSOCIATION_PARAMS);
    EventArgs args = fieldEvents || associationEvents ? ctx.events().entityArgs(entity, params) : null;
    // Handlers and nested writes may change params while they are bound: iterate a snapshot of the keys
    // then, each value read when its turn comes (a key a handler removed is skipped). Without them nothing
    // else runs during the loop, and the params themselves can be iterated. By key, not by entry: a params
    // frame would make an entry object per key.
    Iterable<String> keys = args != null || model.hasAssociations() ? Arrays.asList(keyArray(params)) : params.keySet();
    EventKeys eventKeys = EventKeys.NONE;
    Boolean creating = model.hasOneWayColumns() ? isNew(model, entity, ctx) : null;
    for (String key : keys) {
      EntityAttribute attribute = model.attributeOrNull(key);
      if (attribute == null) {
        continue;
      }
      Object value = params.get(key);
      if (value == null && !params.containsKey(key)) {
        continue;
      }
      if (attribute.kind() == AttributeKind.BASIC) {
        eventKeys = eventKeys.switchTo(EventKeys.FIELD, fieldEvents, args);
        setField(model, entity, attribute, convert(model, attribute, value), fieldEvents ? events : null, args,
            creating);
      } else {
        eventKeys = eventKeys.switchTo(EventKeys.ASSOCIATION, associationEvents, args);
        setAssociation(model, entity, attribute, value, associationEvents ? events : null, args, ctx, creating);
      }
    }
    if (replace) {
      E blank = null;
      for (EntityAttribute attribute : model.attributes()) {
        // what an update does not write keeps its stored value: reset, it would be answered but never stored
        if (!attribute.settable() || attribute.kind() == AttributeKind.TO_MANY || !attribute.updatable()
            || params.containsKey(attribute.name())) {
          continue;
        }
        if (blank == null) {
          blank = model.newInstance();
        }
        Object fresh = attribute.read(blank);
        if (attribute.kind() == AttributeKind.BASIC) {
          eventKeys = eventKeys.switchTo(EventKeys.FIELD, fieldEvents, args);
          setField(model, entity, attribute, fresh, fieldEvents ? events : null, args, null);
        } else {
          eventKeys = eventKeys.switchTo(EventKeys.ASSOCIATION, associationEvents, args);
          setAssociation(model, entity, attribute, fresh, associationEvents ? events : null, args, ctx, null);
        }
      }
    }
    if (args != null) {
      eventKeys.clear(args);
    }
  }

  /**
   * Which event's keys the args of one binding hold: a {@code preSetField} sees {@code fieldName} and
   * {@code value} only, a {@code preProcessAssociationParams} {@code associationName} and {@code values}
   * only. The other kind's keys are removed when the binding switches kinds, not before every event.
   */
  private enum EventKeys {
    NONE, FIELD, ASSOCIATION;

    /**
     * The keys held once an event of kind {@code next} is about to fire (when {@code fires}): the other
     * kind's keys are removed first.
     */
    EventKeys switchTo(EventKeys next, boolean fires, EventArgs args) {
      if (!fires) {
        return this;
      }
      if (this != next) {
        clear(args);
      }
      return next;
    }

    /**
     * Removes the keys of the last event, so later events of the entity do not see them. The field's keys are
     * where {@link #setField} left them, among the last the args' frame holds.
     */
    void clear(EventArgs args) {
      if (this == FIELD) {
        CORE.removeRecent(args, EntityTier.FIELD_NAME);
        CORE.removeRecent(args, EntityTier.VALUE);
      } else if (this == ASSOCIATION) {
        args.remove(EntityTier.ASSOCIATION_NAME);
        args.remove(EntityTier.VALUES);
      }
    }
  }

  /** A snapshot of the keys of {@code params}; a record's params frame makes it without an iterator. */
  private static String[] keyArray(Map<String, Object> params) {
    return params instanceof WritableParams ? ((WritableParams) params).keyArray() : params.keySet().toArray(new String[0]);
  }

  /**
   * True when {@code entity} is a new record rather than a stored one: not (yet) in the unit's persistence context.
   * Asked only of an entity with columns one kind of write leaves out.
   */
  private static boolean isNew(EntityModel<?> model, Object entity, BindContext ctx) {
    jakarta.persistence.EntityManager entityManager = ctx.entityManager();
    return entityManager == null ? model.idOf(entity) == null : !entityManager.contains(entity);
  }

  private static Object convert(EntityModel<?> model, EntityAttribute attribute, Object raw) {
    if (attribute.accepts(raw)) {
      return raw;
    }
    return model.convert(attribute.name(), raw);
  }

  /**
   * Sets {@code value}, after a {@code preSetField} event when {@code events} has handlers for it: its field's
   * name and value are put in the entity's args, and what the handlers left under {@code value} is set. The
   * two keys are the framework's own and were put by the field before, so they are written where they are
   * rather than looked up and checked again for every field. {@code creating}: whether the entity is new, when its
   * model has columns one kind of write leaves out (else null): the value set must then be one the write stores.
   */
  private static void setField(EntityModel<?> model, Object entity, EntityAttribute attribute, Object value,
      EventManager events, EventArgs args, Boolean creating) {
    Object finalValue = value;
    if (events != null) {
      CORE.putRecent(args, EntityTier.FIELD_NAME, attribute.name());
      CORE.putRecent(args, EntityTier.VALUE, value);
      events.fire(EntityTier.PRE_SET_FIELD, args);
      Object after = CORE.getRecent(args, EntityTier.VALUE);
      // the value put is of the attribute's type already: only one a handler put there needs converting
      finalValue = after == value ? value : convert(model, attribute, after);
    }
    if (creating != null) {
      OneWayColumns.requireSame(model, attribute, entity, finalValue, creating);
    }
    attribute.write(entity, Microseconds.cut(finalValue));
  }

  private void setAssociation(EntityModel<?> model, Object entity, EntityAttribute attribute, Object raw,
      EventManager events, EventArgs args, BindContext ctx, Boolean creating) {
    List<Object> values = AssociationBinder.valuesOf(model, attribute, raw);
    if (events != null) {
      args.put(EntityTier.ASSOCIATION_NAME, attribute.name());
      args.put(EntityTier.VALUES, values);
      events.fire(EntityTier.PRE_PROCESS_ASSOCIATION_PARAMS, args);
      values = AssociationBinder.valuesOf(model, attribute, args.get(EntityTier.VALUES));
    }
    if (creating != null) {
      OneWayColumns.requireSame(model, attribute, entity, values, creating);
    }
    associations.write(model, entity, attribute, values, ctx);
  }
}
