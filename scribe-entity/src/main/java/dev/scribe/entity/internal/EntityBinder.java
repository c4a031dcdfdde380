package dev.scribe.entity.internal;

import dev.scribe.core.EventArgs;
import dev.scribe.core.EventManager;
import dev.scribe.core.Veto;
import dev.scribe.entity.AttributeKind;
import dev.scribe.entity.EntityAttribute;
import dev.scribe.entity.EntityCatalog;
import dev.scribe.entity.EntityModel;
import dev.scribe.entity.EntityTier;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Sets params on an entity: refuses what may not be set (mass assignment), converts each value to its
 * attribute's type, fires {@code preSetField} for each value and {@code preProcessAssociationParams} for
 * each association, and resolves associations from an id, a list of ids or nested objects.
 *
 * <p>Thread-safe; per-call state lives in the {@link BindContext}.
 */
public final class EntityBinder {
  private final EntityCatalog catalog;

  public EntityBinder(EntityCatalog catalog) {
    this.catalog = catalog;
  }

  /**
   * Binds {@code params} into {@code entity}. With {@code replace}, settable to-one and basic attributes
   * absent from params are reset to the value a new instance has. Throws the refusal veto, a conversion
   * veto (400) or whatever a handler throws; the entity may then be partly bound.
   */
  public <E> void bind(EntityModel<E> model, E entity, Map<String, Object> params, boolean replace, BindContext context) {
    BindContext ctx = context;
    Veto refused = model.refusals(params, ctx.rejectUnknownFields(), ctx.callerKeys());
    if (refused != null) {
      throw refused;
    }
    EventManager events = catalog.events(model.type());
    boolean fieldEvents = events != null && events.hasHandlers(EntityTier.PRE_SET_FIELD);
    boolean associationEvents = events != null && events.hasHandlers(EntityTier.PRE_PROCESS_ASSOCIATION_PARAMS);
    EventArgs args = fieldEvents || associationEvents ? ctx.events().entityArgs(entity, params) : null;
    // Handlers and nested writes may change params while they are bound: iterate a copy then. Without
    // them nothing else runs during the loop, and the params themselves can be iterated.
    Iterable<Map.Entry<String, Object>> entries = args != null || model.hasAssociations()
        ? new ArrayList<>(params.entrySet()) : params.entrySet();
    EventKeys eventKeys = EventKeys.NONE;
    for (Map.Entry<String, Object> entry : entries) {
      EntityAttribute attribute = model.attributeOrNull(entry.getKey());
      if (attribute == null) {
        continue;
      }
      if (attribute.kind() == AttributeKind.BASIC) {
        eventKeys = eventKeys.switchTo(EventKeys.FIELD, fieldEvents, args);
        setField(model, entity, attribute, convert(model, attribute, entry.getValue()), fieldEvents ? events : null, args);
      } else {
        eventKeys = eventKeys.switchTo(EventKeys.ASSOCIATION, associationEvents, args);
        setAssociation(model, entity, attribute, entry.getValue(), associationEvents ? events : null, args, ctx);
      }
    }
    if (replace) {
      E blank = null;
      for (EntityAttribute attribute : model.attributes()) {
        if (!attribute.settable() || attribute.kind() == AttributeKind.TO_MANY || params.containsKey(attribute.name())) {
          continue;
        }
        if (blank == null) {
          blank = model.newInstance();
        }
        Object fresh = attribute.read(blank);
        if (attribute.kind() == AttributeKind.BASIC) {
          eventKeys = eventKeys.switchTo(EventKeys.FIELD, fieldEvents, args);
          setField(model, entity, attribute, fresh, fieldEvents ? events : null, args);
        } else {
          eventKeys = eventKeys.switchTo(EventKeys.ASSOCIATION, associationEvents, args);
          setAssociation(model, entity, attribute, fresh, associationEvents ? events : null, args, ctx);
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

    /** Removes the keys of the last event, so later events of the entity do not see them. */
    void clear(EventArgs args) {
      if (this == FIELD) {
        args.remove(EntityTier.FIELD_NAME);
        args.remove(EntityTier.VALUE);
      } else if (this == ASSOCIATION) {
        args.remove(EntityTier.ASSOCIATION_NAME);
        args.remove(EntityTier.VALUES);
      }
    }
  }

  private static Object convert(EntityModel<?> model, EntityAttribute attribute, Object raw) {
    if (attribute.accepts(raw)) {
      return raw;
    }
    return model.convert(attribute.name(), raw);
  }

  private static void setField(EntityModel<?> model, Object entity, EntityAttribute attribute, Object value,
      EventManager events, EventArgs args) {
    Object finalValue = value;
    if (events != null) {
      args.put(EntityTier.FIELD_NAME, attribute.name());
      args.put(EntityTier.VALUE, value);
      events.fire(EntityTier.PRE_SET_FIELD, args);
      finalValue = convert(model, attribute, EntityTier.value(args));
    }
    attribute.write(entity, finalValue);
  }

  private void setAssociation(EntityModel<?> model, Object entity, EntityAttribute attribute, Object raw,
      EventManager events, EventArgs args, BindContext ctx) {
    List<Object> values = valuesOf(model, attribute, raw);
    if (events != null) {
      args.put(EntityTier.ASSOCIATION_NAME, attribute.name());
      args.put(EntityTier.VALUES, values);
      events.fire(EntityTier.PRE_PROCESS_ASSOCIATION_PARAMS, args);
      values = valuesOf(model, attribute, args.get(EntityTier.VALUES));
    }
    EntityModel<?> target = model.modelOf(attribute);
    if (attribute.kind() == AttributeKind.TO_ONE) {
      if (values.size() > 1) {
        throw invalid(model, attribute, values, "takes one id or object, not " + values.size());
      }
      Object associated = values.isEmpty() ? null : resolve(model, attribute, target, entity, values.get(0), ctx);
      attribute.write(entity, associated);
      return;
    }
    setCollection(model, entity, attribute, target, values, ctx);
  }

  @SuppressWarnings("unchecked")
  private void setCollection(EntityModel<?> model, Object entity, EntityAttribute attribute, EntityModel<?> target,
      List<Object> values, BindContext ctx) {
    Collection<Object> collection = (Collection<Object>) attribute.read(entity);
    if (collection == null) {
      collection = Set.class.isAssignableFrom(attribute.javaType())
          ? (SortedSet.class.isAssignableFrom(attribute.javaType()) ? new TreeSet<>() : new LinkedHashSet<>())
          : new ArrayList<>();
      attribute.write(entity, collection);
    }
    Collection<Object> kept = collection;
    EntityAttribute backReference = attribute.mappedBy() == null ? null : target.attributeOrNull(attribute.mappedBy());
    Set<Object> previous = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    previous.addAll(collection);
    List<Object> resolved = new ArrayList<>();
    for (Object value : values) {
      if (value instanceof Map && !hasId(target, (Map<?, ?>) value) && backReference != null) {
        Map<String, Object> childParams = new LinkedHashMap<>((Map<String, Object>) value);
        if (ctx.writer(target.type()) == null && attribute.cascadesPersist()) {
          resolved.add(newChild(target, childParams, ctx));
        } else {
          ctx.afterInsert(() -> kept.add(createChild(target, childParams, backReference, entity, ctx)));
        }
        continue;
      }
      resolved.add(resolve(model, attribute, target, entity, value, ctx));
    }
    Set<Object> current = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    current.addAll(resolved);
    collection.clear();
    collection.addAll(resolved);
    if (backReference != null && backReference.kind() == AttributeKind.TO_ONE) {
      for (Object child : resolved) {
        backReference.write(child, entity);
      }
      for (Object removed : previous) {
        if (!current.contains(removed) && backReference.read(removed) == EntityModelAccess.unproxy(entity)) {
          backReference.write(removed, null);
        }
      }
    }
  }

  private Object createChild(EntityModel<?> target, Map<String, Object> params, EntityAttribute backReference,
      Object parent, BindContext ctx) {
    BindContext.NestedWriter writer = ctx.writer(target.type());
    if (writer != null) {
      Map<String, Object> presets = new LinkedHashMap<>();
      presets.put(backReference.name(), parent);
      return writer.create(params, presets);
    }
    Object child = newChild(target, params, ctx);
    backReference.write(child, parent);
    ctx.entityManager().persist(child);
    return child;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Object newChild(EntityModel target, Map<String, Object> params, BindContext ctx) {
    Object child = target.newInstance();
    ctx.events().entityArgs(child, params);
    bind(target, child, params, false, ctx);
    return child;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Object resolve(EntityModel<?> model, EntityAttribute attribute, EntityModel<?> target, Object owner,
      Object value, BindContext ctx) {
    if (target.type().isInstance(value)) {
      return value;
    }
    if (value instanceof Map) {
      Map<String, Object> nested = new LinkedHashMap<>((Map<String, Object>) value);
      BindContext.NestedWriter writer = ctx.writer(target.type());
      if (hasId(target, nested)) {
        Object id = convertId(model, attribute, target, nested.remove(target.id().name()));
        Object existing = find(model, attribute, target, id, ctx);
        if (!nested.isEmpty()) {
          if (writer != null) {
            return writer.update(id, nested);
          }
          bind((EntityModel) target, existing, nested, false, ctx);
        }
        return existing;
      }
      if (writer != null) {
        return writer.create(nested, Map.of());
      }
      Object child = newChild(target, nested, ctx);
      if (!attribute.cascadesPersist()) {
        ctx.entityManager().persist(child);
      }
      return child;
    }
    if (value instanceof Collection) {
      throw invalid(model, attribute, value, "takes ids or objects, not nested lists");
    }
    return find(model, attribute, target, convertId(model, attribute, target, value), ctx);
  }

  static Object convertId(EntityModel<?> model, EntityAttribute attribute, EntityModel<?> target, Object raw) {
    try {
      return ValueConverter.convert(raw, target.id().javaType());
    } catch (ValueConverter.ConversionException e) {
      throw Veto.builder().status(400)
          .message(attribute.name() + ": " + e.getMessage() + " (an id of " + target.displayName() + ")")
          .field(attribute.name(), e.getMessage() + " (an id of " + target.displayName() + ")")
          .build();
    }
  }

  private static Object find(EntityModel<?> model, EntityAttribute attribute, EntityModel<?> target, Object id,
      BindContext ctx) {
    Object found = id == null ? null : ctx.find(target.type(), id);
    if (found == null) {
      throw missing(attribute, target, id);
    }
    return found;
  }

  /** The {@code target} entity with {@code id}; a 422 naming the attribute when there is none. */
  static Object find(EntityModel<?> model, EntityAttribute attribute, EntityModel<?> target, Object id,
      EntityManager entityManager) {
    Object found = id == null ? null : entityManager.find(target.type(), id);
    if (found == null) {
      throw missing(attribute, target, id);
    }
    return found;
  }

  private static Veto missing(EntityAttribute attribute, EntityModel<?> target, Object id) {
    return Veto.builder().status(422)
        .message(attribute.name() + ": " + target.displayName() + " " + id + " does not exist")
        .field(attribute.name(), target.displayName() + " " + id + " does not exist")
        .build();
  }

  private static boolean hasId(EntityModel<?> target, Map<?, ?> nested) {
    return nested.get(target.id().name()) != null;
  }

  static List<Object> valuesOf(EntityModel<?> model, EntityAttribute attribute, Object raw) {
    List<Object> values = new ArrayList<>();
    if (raw == null) {
      return values;
    }
    if (attribute.kind() == AttributeKind.TO_MANY) {
      if (!(raw instanceof Collection)) {
        throw invalid(model, attribute, raw, "takes a list of ids or objects");
      }
      values.addAll((Collection<?>) raw);
      return values;
    }
    if (raw instanceof Collection) {
      Collection<?> collection = (Collection<?>) raw;
      if (collection.size() > 1) {
        throw invalid(model, attribute, raw, "takes one id or object, not " + collection.size());
      }
      values.addAll(collection);
      return values;
    }
    values.add(raw);
    return values;
  }

  static Veto invalid(EntityModel<?> model, EntityAttribute attribute, Object value, String rule) {
    String shown = value instanceof Map || value instanceof java.util.Collection ? ValueConverter.describe(value)
        : "'" + ValueConverter.shorten(String.valueOf(value)) + "'";
    String text = shown + " is not valid for " + attribute.name() + ", which " + rule;
    return Veto.builder().status(400).message(attribute.name() + ": " + text).field(attribute.name(), text).build();
  }
}
