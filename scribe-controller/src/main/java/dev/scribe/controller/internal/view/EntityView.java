package dev.scribe.controller.internal.view;

import dev.scribe.controller.internal.action.ActionCall;
import dev.scribe.entity.AttributeKind;
import dev.scribe.entity.EntityAttribute;
import dev.scribe.entity.EntityModel;
import dev.scribe.repository.DataStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the controller needs from an entity model: names for messages and checks, and the rendering
 * of entities into response maps shaped by the front-end options {@code with} (associations to embed)
 * and {@code fields} (the sparse fieldset).
 */
public final class EntityView<E> {
  private final EntityModel<E> model;
  private final DataStore store;

  public EntityView(EntityModel<E> model, DataStore store) {
    this.model = model;
    this.store = store;
  }

  /** The entity's name in messages: {@code task}. */
  public String entityName() {
    return model.displayName();
  }

  public String idName() {
    return model.id().name();
  }

  /** The version attribute's name, or null when the entity is not versioned. */
  public String versionName() {
    return model.version() == null ? null : model.version().name();
  }

  public Object id(E entity) {
    return model.idOf(entity);
  }

  boolean hasAttribute(String name) {
    return model.find(name).isPresent();
  }

  boolean isAssociation(String name) {
    return model.find(name).map(EntityAttribute::isAssociation).orElse(false);
  }

  public EntityAttribute attribute(String name) {
    return model.attribute(name);
  }

  public boolean isToOne(String name) {
    return model.find(name).map(a -> a.kind() == AttributeKind.TO_ONE).orElse(false);
  }

  boolean isToMany(String name) {
    return model.find(name).map(a -> a.kind() == AttributeKind.TO_MANY).orElse(false);
  }

  /** The display name of the entity the association {@code name} points to. */
  String targetName(String name) {
    return model.modelOf(model.attribute(name)).displayName();
  }

  List<String> attributeNames() {
    List<String> names = new ArrayList<>();
    for (EntityAttribute attribute : model.attributes()) {
      names.add(attribute.name());
    }
    return names;
  }

  public List<String> associationNames() {
    List<String> names = new ArrayList<>();
    for (EntityAttribute attribute : model.attributes()) {
      if (attribute.isAssociation()) {
        names.add(attribute.name());
      }
    }
    return names;
  }

  /** {@code "<version>"} for a versioned entity, else null. */
  public String etag(E entity) {
    Object version = model.versionOf(entity);
    return version == null ? null : "\"" + version + "\"";
  }

  /** The id of the entity {@code association} points to on {@code entity}, or null. */
  public Object associatedId(E entity, String association) {
    EntityAttribute attribute = model.attribute(association);
    Object associated = attribute.read(entity);
    return associated == null ? null : model.modelOf(attribute).idOf(associated);
  }

  /** The model this view renders. */
  public EntityModel<E> model() {
    return model;
  }

  /** The attributes {@code call} may see, in declaration order. */
  public List<String> visibleAttributeNames(ActionCall call) {
    return visibleAttributeNames(call.visible());
  }

  /** The attributes a caller who sees what {@code visible} lets through may see, in declaration order. */
  List<String> visibleAttributeNames(FieldVisibility.Scope visible) {
    Set<String> hidden = visible.hidden(model);
    List<String> names = new ArrayList<>();
    for (EntityAttribute attribute : model.attributes()) {
      if (!hidden.contains(attribute.name())) {
        names.add(attribute.name());
      }
    }
    return names;
  }

  /** The associations {@code call} may see and embed, in declaration order. */
  List<String> visibleAssociationNames(ActionCall call) {
    return visibleAssociationNames(call.visible());
  }

  /** The associations a caller who sees what {@code visible} lets through may embed, in declaration order. */
  List<String> visibleAssociationNames(FieldVisibility.Scope visible) {
    Set<String> hidden = visible.hidden(model);
    List<String> names = new ArrayList<>();
    for (EntityAttribute attribute : model.attributes()) {
      if (attribute.isAssociation() && !hidden.contains(attribute.name())) {
        names.add(attribute.name());
      }
    }
    return names;
  }

  /**
   * The response map of {@code entity} for {@code call}: shaped by its front-end options {@code with}
   * and {@code fields}, without the fields hidden from it — its own and those of embedded records — and
   * without embedded records outside their own repository's row scope ({@link Embeds}).
   */
  public Map<String, Object> render(E entity, ActionCall call) {
    return entity == null ? null : render(entity, call, embeds(List.of(entity), call));
  }

  /** The row scopes of the records {@code call} embeds in the answer about {@code entities}: read once for all of them. */
  public Embeds embeds(Collection<E> entities, ActionCall call) {
    return Embeds.of(model, entities, names(call.frontEndOptions().get(FrontEndOptions.WITH)), call, store);
  }

  /** {@link #render(Object, ActionCall)} with the embedded records' scopes read already. */
  public Map<String, Object> render(E entity, ActionCall call, Embeds embeds) {
    Map<String, Object> frontEndOptions = call.frontEndOptions();
    Set<String> with = names(frontEndOptions.get(FrontEndOptions.WITH));
    Map<String, Object> map = model.toMap(entity, with);
    FieldVisibility.Scope visible = call.visible();
    Set<String> hidden = visible.hidden(model);
    if (!hidden.isEmpty()) {
      map.keySet().removeAll(hidden);
    }
    for (String association : with) {
      EntityModel<?> target = model.modelOf(model.attribute(association));
      Object embedded = embeds.keep(association, map.get(association), target.id().name());
      map.put(association, embedded);
      if (embedded != null) {
        hideEmbedded(embedded, visible.hidden(target));
      }
    }
    Object fieldsOption = frontEndOptions.get(FrontEndOptions.FIELDS);
    if (fieldsOption == null) {
      return map;
    }
    Set<String> fields = names(fieldsOption);
    Map<String, Object> sparse = new LinkedHashMap<>();
    map.forEach((name, value) -> {
      if (fields.contains(name) || with.contains(name)) {
        sparse.put(name, value);
      }
    });
    return sparse;
  }

  public List<Object> renderAll(Collection<E> entities, ActionCall call) {
    List<Object> items = new ArrayList<>(entities.size());
    List<E> present = new ArrayList<>(entities);
    present.removeIf(java.util.Objects::isNull); // a processResults handler may leave a record without a result
    Embeds embeds = embeds(present, call);
    for (E entity : entities) {
      items.add(entity == null ? null : render(entity, call, embeds));
    }
    return items;
  }

  /** Removes {@code hidden} from an embedded record's map, or from each map of an embedded list. */
  private static void hideEmbedded(Object embedded, Set<String> hidden) {
    if (hidden.isEmpty()) {
      return;
    }
    if (embedded instanceof Map) {
      ((Map<?, ?>) embedded).keySet().removeAll(hidden);
    } else if (embedded instanceof Collection) {
      for (Object element : (Collection<?>) embedded) {
        hideEmbedded(element, hidden);
      }
    }
  }

  private static Set<String> names(Object option) {
    if (option == null) {
      return Set.of();
    }
    Set<String> names = new LinkedHashSet<>();
    if (option instanceof Collection) {
      for (Object name : (Collection<?>) option) {
        names.add(String.valueOf(name));
      }
    } else {
      names.add(String.valueOf(option));
    }
    return names;
  }
}
