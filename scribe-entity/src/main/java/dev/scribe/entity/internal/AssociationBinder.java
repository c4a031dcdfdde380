package dev.scribe.entity.internal;

import dev.scribe.core.Veto;
import dev.scribe.entity.AttributeKind;
import dev.scribe.entity.EntityAttribute;
import dev.scribe.entity.EntityModel;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The association half of {@link EntityBinder}: resolves a to-one or to-many association's values — ids,
 * lists of ids, nested objects with or without an id — to entities, creating or updating nested records,
 * and keeps the back references of a to-many in step. Also the shape, id and existence checks that
 * {@link ParamsCheck} runs before binding.
 */
final class AssociationBinder {
  private final EntityBinder binder;
  /** Checks the records bound here rather than through a repository; null checks none. */
  private final NestedConstraints constraints;

  AssociationBinder(EntityBinder binder, NestedConstraints constraints) {
    this.binder = binder;
    this.constraints = constraints;
  }

  /** Sets {@code values}, the association's ids, objects or nested params, as the value of {@code attribute}. */
  void write(EntityModel<?> model, Object entity, EntityAttribute attribute, List<Object> values, BindContext ctx) {
    EntityModel<?> target = model.modelOf(attribute);
    if (attribute.kind() == AttributeKind.TO_ONE) {
      if (values.size() > 1) {
        throw invalid(model, attribute, values, "takes one id or object, not " + values.size());
      }
      Object associated = values.isEmpty() ? null
          : resolve(model, attribute, target, entity, values.get(0), attribute.name(), ctx);
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
    Set<Object> previous = Collections.newSetFromMap(new IdentityHashMap<>());
    previous.addAll(collection);
    List<Object> resolved = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      String field = attribute.name() + "[" + i + "]";
      Object value = withoutBackReference(model, entity, target, backReference, values.get(i), field);
      if (value instanceof Map && !hasId(target, (Map<?, ?>) value) && backReference != null) {
        Map<String, Object> childParams = new LinkedHashMap<>((Map<String, Object>) value);
        if (ctx.writer(target.type()) == null && attribute.cascadesPersist()) {
          resolved.add(underField(field, ctx, () -> newChild(target, childParams, backReference, ctx)));
        } else {
          ctx.afterInsert(() -> kept.add(underField(field, ctx, () -> createChild(target, childParams, backReference, entity,
              ctx))));
        }
        continue;
      }
      if (moveUnderNewParent(model, attribute, target, backReference, entity, value, field, ctx, kept)) {
        continue;
      }
      Object moved = moveThroughRepository(model, attribute, target, backReference, entity, value, field, ctx);
      if (moved != null) {
        resolved.add(moved);
        continue;
      }
      Object child = resolve(model, attribute, target, entity, value, field, ctx);
      if (backReference != null && backReference.kind() == AttributeKind.TO_ONE && !target.type().isInstance(value)
          && !isHeld(backReference, child, entity)) {
        // an existing record taken from another parent (or none) to this one, bound here when it has no repository
        ctx.relinking(target.type(), field);
      }
      resolved.add(child);
    }
    Set<Object> current = Collections.newSetFromMap(new IdentityHashMap<>());
    current.addAll(resolved);
    // The list replaces what the caller can see: records outside its row scope stay (not unlinked, nor
    // removed as orphans), as a list the caller read and sent back would have left them.
    List<Object> dropped = new ArrayList<>();
    for (Object child : collection) {
      if (!current.contains(child)) {
        dropped.add(child);
      }
    }
    Set<Object> unseen = dropped.isEmpty() ? Set.of() : ctx.outOfScope(target.type(), dropped);
    for (Object child : dropped) {
      if (unseen.contains(child)) {
        resolved.add(child);
        current.add(child);
      }
    }
    List<Object> orphans = orphansToDelete(attribute, target, previous, current, ctx);
    collection.clear();
    collection.addAll(resolved);
    // kept in the list until each is deleted: left out together, the first delete's flush would remove the
    // others as orphans, without their events
    collection.addAll(orphans);
    current.addAll(orphans);
    if (backReference != null && backReference.kind() == AttributeKind.TO_ONE) {
      for (Object child : resolved) {
        backReference.write(child, entity);
      }
      for (Object removed : previous) {
        if (!current.contains(removed) && backReference.read(removed) == EntityModelAccess.unproxy(entity)) {
          if (!attribute.orphanRemoval()) {
            ctx.relinking(target.type(), attribute.name()); // taken off its parent: a change of the record
          }
          if (backReference.required() && !attribute.orphanRemoval()) {
            // unlinked, it would reach the database without its parent: a NOT NULL refusal naming the
            // child's own field ("task is required"), which the caller never sent
            throw cannotUnlink(attribute, target, backReference, removed);
          }
          if (!attribute.orphanRemoval() && unlinkThroughRepository(target, backReference, removed, attribute.name(), ctx)) {
            continue;
          }
          backReference.write(removed, null);
        }
      }
    }
    deleteThroughRepository(collection, orphans, target, attribute.name(), ctx);
  }

  /**
   * The records of {@code previous} an orphan-removing list leaves out that their own repository deletes: its
   * delete events fire for each, as for {@code DELETE} of it, where Hibernate's orphan removal fired none. Checked
   * here, before anything is written, against the caller's right to delete them. Records without a repository
   * (or an id) are left to Hibernate.
   */
  private static List<Object> orphansToDelete(EntityAttribute attribute, EntityModel<?> target, Set<Object> previous,
      Set<Object> current, BindContext ctx) {
    if (!attribute.orphanRemoval() || ctx.writer(target.type()) == null) {
      return List.of();
    }
    List<Object> orphans = new ArrayList<>();
    for (Object removed : previous) {
      if (!current.contains(removed) && target.id().read(EntityModelAccess.unproxy(removed)) != null) {
        orphans.add(removed);
      }
    }
    if (!orphans.isEmpty()) {
      ctx.removing(target.type(), attribute.name());
    }
    return orphans;
  }

  /** Takes each of {@code orphans} out of {@code collection} and deletes it through its repository, in turn. */
  private static void deleteThroughRepository(Collection<Object> collection, List<Object> orphans,
      EntityModel<?> target, String field, BindContext ctx) {
    if (orphans.isEmpty()) {
      return;
    }
    BindContext.NestedWriter writer = ctx.writer(target.type());
    for (Object orphan : orphans) {
      collection.removeIf(element -> element == orphan);
      Object id = target.id().read(EntityModelAccess.unproxy(orphan));
      underField(field, ctx, () -> {
        writer.delete(id);
        return null;
      });
    }
  }

  /**
   * A record the list names by its id ({@code 7} or {@code {"id": 7, ...}}) that belongs to another parent, moved
   * to {@code parent} through its own repository: an update of its back reference (with the other fields the
   * object gives), whose events fire as for a direct write of it. Bound here, the move fired none of them. Null
   * when it is no move, when the entity has no repository, or when the parent is new (no id to name yet: see
   * {@link #moveUnderNewParent}).
   */
  @SuppressWarnings("unchecked")
  private Object moveThroughRepository(EntityModel<?> model, EntityAttribute attribute, EntityModel<?> target,
      EntityAttribute backReference, Object parent, Object value, String field, BindContext ctx) {
    if (backReference == null || backReference.kind() != AttributeKind.TO_ONE || value == null
        || value instanceof Collection || target.type().isInstance(value)
        || (value instanceof Map && !hasId(target, (Map<?, ?>) value))) {
      return null;
    }
    BindContext.NestedWriter writer = ctx.writer(target.type());
    Object owner = EntityModelAccess.unproxy(parent);
    Object parentId = model.idOf(owner);
    if (writer == null || parentId == null) {
      return null;
    }
    Map<String, Object> nested = value instanceof Map ? new LinkedHashMap<>((Map<String, Object>) value) : new LinkedHashMap<>();
    Object id = convertId(model, attribute, target, value instanceof Map ? nested.remove(target.id().name()) : value);
    Object existing = find(model, attribute, target, id, ctx);
    if (isHeld(backReference, existing, owner)) {
      return null;
    }
    ctx.relinking(target.type(), field);
    nested.put(backReference.name(), parentId);
    return underField(field, ctx, () -> writer.update(id, nested));
  }

  /**
   * A record the list of a new {@code parent} names by its id, moved to that parent through its own repository
   * once the parent is inserted and has its id: the same update of its back reference (with the other fields the
   * object gives) as {@link #moveThroughRepository} makes, added to {@code kept} then, as a new child is. Its
   * existence, row scope and the caller's right to change it are checked now, while the list is bound. False
   * when it is no such move, or when the entity has no repository (the binder links it itself).
   */
  @SuppressWarnings("unchecked")
  private boolean moveUnderNewParent(EntityModel<?> model, EntityAttribute attribute, EntityModel<?> target,
      EntityAttribute backReference, Object parent, Object value, String field, BindContext ctx,
      Collection<Object> kept) {
    if (backReference == null || backReference.kind() != AttributeKind.TO_ONE || value == null
        || value instanceof Collection || target.type().isInstance(value)
        || (value instanceof Map && !hasId(target, (Map<?, ?>) value))) {
      return false;
    }
    BindContext.NestedWriter writer = ctx.writer(target.type());
    Object owner = EntityModelAccess.unproxy(parent);
    if (writer == null || model.idOf(owner) != null) {
      return false;
    }
    Map<String, Object> nested = value instanceof Map ? new LinkedHashMap<>((Map<String, Object>) value) : new LinkedHashMap<>();
    Object id = convertId(model, attribute, target, value instanceof Map ? nested.remove(target.id().name()) : value);
    Object existing = find(model, attribute, target, id, ctx);
    if (isHeld(backReference, existing, owner)) {
      return false;
    }
    ctx.relinking(target.type(), field);
    ctx.afterInsert(() -> {
      nested.put(backReference.name(), model.idOf(owner));
      kept.add(underField(field, ctx, () -> writer.update(id, nested)));
    });
    return true;
  }

  /**
   * {@code child}, left out of its parent's list, taken off the parent through its own repository: an update of
   * its back reference to null, whose events fire as for a direct write of it (the binder writing the null
   * itself fired none). False when the entity has no repository or no id, for the binder to write it.
   */
  private static boolean unlinkThroughRepository(EntityModel<?> target, EntityAttribute backReference, Object child,
      String field, BindContext ctx) {
    BindContext.NestedWriter writer = ctx.writer(target.type());
    Object id = writer == null ? null : target.id().read(EntityModelAccess.unproxy(child));
    if (id == null) {
      return false;
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put(backReference.name(), null);
    underField(field, ctx, () -> writer.update(id, params));
    return true;
  }

  /** Whether {@code child}'s back reference already names {@code parent}: listing it again moves nothing. */
  private static boolean isHeld(EntityAttribute backReference, Object child, Object parent) {
    Object holder = backReference.read(child);
    return holder != null && EntityModelAccess.unproxy(holder) == EntityModelAccess.unproxy(parent);
  }

  /**
   * {@code value}, a new nested record, without its back reference to the record it is nested in ({@code "task"} of
   * a subtask in a task's {@code subtasks}), which the nesting gives: naming that record says the same, and is
   * dropped; naming another (or an object, or null) is a 400 on the nested record's field. Bound as it was, it put
   * the new subtask under the task it named, and the task whose body held it got none. A record with its id is
   * left as it is: the nesting moves it, and an export's {@code with=subtasks} names its current parent.
   */
  @SuppressWarnings("unchecked")
  private static Object withoutBackReference(EntityModel<?> model, Object parent, EntityModel<?> target,
      EntityAttribute backReference, Object value, String field) {
    if (!(value instanceof Map) || backReference == null || backReference.kind() != AttributeKind.TO_ONE
        || !((Map<?, ?>) value).containsKey(backReference.name()) || hasId(target, (Map<?, ?>) value)) {
      return value;
    }
    Object named = ((Map<?, ?>) value).get(backReference.name());
    if (!namesParent(model, parent, named)) {
      String says = named == null ? "null" : named instanceof Map || named instanceof Collection ? "an object"
          : ValueConverter.shorten(String.valueOf(named));
      String text = "is given by the " + model.displayName() + " the " + target.displayName() + " is nested in, but"
          + " the body says " + says + "; leave it out of the nested " + target.displayName();
      String name = field + "." + backReference.name();
      throw Veto.builder().status(400).message(name + ": " + text).field(name, text).build();
    }
    Map<String, Object> without = new LinkedHashMap<>((Map<String, Object>) value);
    without.remove(backReference.name());
    return without;
  }

  /** Whether {@code named}, a nested record's back reference, is {@code parent} itself or its id. */
  private static boolean namesParent(EntityModel<?> model, Object parent, Object named) {
    Object entity = EntityModelAccess.unproxy(parent);
    if (named == null || named instanceof Map || named instanceof Collection) {
      return false;
    }
    if (model.type().isInstance(named)) {
      return EntityModelAccess.unproxy(named) == entity;
    }
    Object id = model.idOf(entity);
    if (id == null) {
      return false;
    }
    try {
      return id.equals(ValueConverter.convert(named, model.id().javaType()));
    } catch (ValueConverter.ConversionException e) {
      return false;
    }
  }

  /**
   * Runs the binding of a nested record, whose refusal names its fields as the caller wrote them: a blank
   * title of the second subtask is {@code subtasks[1].title}, never {@code title}, which is the parent's own
   * field. A veto without field errors is thrown as it is.
   */
  static Object underField(String field, BindContext ctx, java.util.function.Supplier<Object> binding) {
    try {
      return binding.get();
    } catch (Veto veto) {
      if (veto.fieldErrors().isEmpty() || veto.getClass() != Veto.class || !veto.records().isEmpty()) {
        throw veto;
      }
      Veto.Builder named = Veto.builder().status(veto.status());
      veto.messages().forEach(named::message);
      veto.fieldErrors().forEach((name, messages) -> messages.forEach(message -> named.field(field + "." + name, message)));
      Veto renamed = named.build();
      renamed.initCause(veto);
      ctx.renamed(veto, renamed);
      throw renamed;
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
    Object child = newChild(target, params, backReference, ctx);
    backReference.write(child, parent);
    ctx.entityManager().persist(child);
    return child;
  }

  /**
   * A new record of {@code target} bound from {@code params}, its constraints checked (but that on
   * {@code backReference}, the link to its parent, which is set after it).
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private Object newChild(EntityModel target, Map<String, Object> params, EntityAttribute backReference, BindContext ctx) {
    Object child = target.newInstance();
    ctx.events().entityArgs(child, params);
    binder.bind(target, child, params, false, ctx);
    check(target, child, backReference, ctx);
    return child;
  }

  /** Throws the 422 of {@code record}'s constraint violations, but those on {@code linkToParent} (may be null). */
  private void check(EntityModel<?> target, Object record, EntityAttribute linkToParent, BindContext ctx) {
    if (constraints != null) {
      try {
        constraints.check(target, record, linkToParent == null ? null : linkToParent.name());
      } catch (Veto refusal) {
        ctx.childRefused(refusal);
        throw refusal;
      }
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Object resolve(EntityModel<?> model, EntityAttribute attribute, EntityModel<?> target, Object owner,
      Object value, String field, BindContext ctx) {
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
            return underField(field, ctx, () -> writer.update(id, nested));
          }
          underField(field, ctx, () -> {
            binder.bind((EntityModel) target, existing, nested, false, ctx);
            check(target, existing, null, ctx);
            return existing;
          });
        }
        return existing;
      }
      if (writer != null) {
        return underField(field, ctx, () -> writer.create(nested, Map.of()));
      }
      EntityAttribute link = attribute.mappedBy() == null ? null : target.attributeOrNull(attribute.mappedBy());
      Object child = underField(field, ctx, () -> newChild(target, nested, link, ctx));
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
    return convertId(model, attribute, target, raw, "");
  }

  /** {@code raw} as an id of {@code target}; a 400 on {@code attribute} whose message starts with {@code where}. */
  static Object convertId(EntityModel<?> model, EntityAttribute attribute, EntityModel<?> target, Object raw,
      String where) {
    try {
      return ValueConverter.convertBodyId(raw, target.id().javaType());
    } catch (ValueConverter.ConversionException e) {
      String text = where + e.getMessage() + " (an id of " + target.displayName() + ")";
      throw Veto.builder().status(400).message(attribute.name() + ": " + text).field(attribute.name(), text).build();
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

  /** The {@code target} entity with {@code id} as {@code targets} find it; a 422 naming the attribute when there is none. */
  static Object find(EntityAttribute attribute, EntityModel<?> target, Object id, ParamsCheck.Targets targets) {
    Object found = id == null ? null : targets.find(target.type(), id);
    if (found == null) {
      throw missing(attribute, target, id);
    }
    return found;
  }

  private static Veto cannotUnlink(EntityAttribute attribute, EntityModel<?> target, EntityAttribute backReference,
      Object child) {
    Object id = target.id().read(EntityModelAccess.unproxy(child));
    String text = target.displayName() + " " + id + " cannot be taken off its " + backReference.name()
        + ", which it requires; keep it in the list, or delete the " + target.displayName() + " itself";
    return Veto.builder().status(422).message(attribute.name() + ": " + text).field(attribute.name(), text).build();
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
      addElements(attribute, (Collection<?>) raw, values);
      return values;
    }
    if (raw instanceof Collection) {
      Collection<?> collection = (Collection<?>) raw;
      if (collection.size() > 1) {
        throw invalid(model, attribute, raw, "takes one id or object, not " + collection.size());
      }
      addElements(attribute, collection, values);
      return values;
    }
    values.add(raw);
    return values;
  }

  /** The elements of a list of ids or objects; a null element is a 400 naming its position. */
  private static void addElements(EntityAttribute attribute, Collection<?> elements, List<Object> values) {
    int index = 0;
    for (Object element : elements) {
      if (element == null) {
        throw refused(attribute, "element " + index + " is null; each element is an id or an object");
      }
      values.add(element);
      index++;
    }
  }

  static Veto invalid(EntityModel<?> model, EntityAttribute attribute, Object value, String rule) {
    String shown = value instanceof Map || value instanceof Collection ? ValueConverter.describe(value)
        : "'" + ValueConverter.shorten(String.valueOf(value)) + "'";
    return refused(attribute, shown + " is not valid for " + attribute.name() + ", which " + rule);
  }

  /** A 400 naming {@code attribute} with {@code text}, as message and field error. */
  private static Veto refused(EntityAttribute attribute, String text) {
    return Veto.builder().status(400).message(attribute.name() + ": " + text).field(attribute.name(), text).build();
  }
}
