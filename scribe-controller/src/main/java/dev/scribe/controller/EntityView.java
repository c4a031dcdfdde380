package dev.scribe.controller;

import dev.scribe.entity.AttributeKind;
import dev.scribe.entity.EntityAttribute;
import dev.scribe.entity.EntityModel;
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
final class EntityView<E> {
  private final EntityModel<E> model;

  EntityView(EntityModel<E> model) {
    this.model = model;
  }

  EntityModel<E> model() {
    return model;
  }

  /** The entity's name in messages: {@code task}. */
  String entityName() {
    return model.displayName();
  }

  String idName() {
    return model.id().name();
  }

  /** The version attribute's name, or null when the entity is not versioned. */
  String versionName() {
    return model.version() == null ? null : model.version().name();
  }

  Object id(E entity) {
    return model.idOf(entity);
  }

  boolean hasAttribute(String name) {
    return model.find(name).isPresent();
  }

  boolean isAssociation(String name) {
    return model.find(name).map(EntityAttribute::isAssociation).orElse(false);
  }

  EntityAttribute attribute(String name) {
    return model.attribute(name);
  }

  boolean isToOne(String name) {
    return model.find(name).map(a -> a.kind() == AttributeKind.TO_ONE).orElse(false);
  }

  List<String> attributeNames() {
    List<String> names = new ArrayList<>();
    for (EntityAttribute attribute : model.attributes()) {
      names.add(attribute.name());
    }
    return names;
  }

  List<String> associationNames() {
    List<String> names = new ArrayList<>();
    for (EntityAttribute attribute : model.attributes()) {
      if (attribute.isAssociation()) {
        names.add(attribute.name());
      }
    }
    return names;
  }

  /** {@code "<version>"} for a versioned entity, else null. */
  String etag(E entity) {
    Object version = model.versionOf(entity);
    return version == null ? null : "\"" + version + "\"";
  }

  /** The id of the entity {@code association} points to on {@code entity}, or null. */
  Object associatedId(E entity, String association) {
    EntityAttribute attribute = model.attribute(association);
    Object associated = attribute.read(entity);
    return associated == null ? null : model.modelOf(attribute).idOf(associated);
  }

  Map<String, Object> render(E entity, Map<String, Object> frontEndOptions) {
    Set<String> with = names(frontEndOptions.get(FrontEndOptions.WITH));
    Map<String, Object> map = model.toMap(entity, with);
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

  List<Object> renderAll(Collection<E> entities, Map<String, Object> frontEndOptions) {
    List<Object> items = new ArrayList<>(entities.size());
    for (E entity : entities) {
      items.add(render(entity, frontEndOptions));
    }
    return items;
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
