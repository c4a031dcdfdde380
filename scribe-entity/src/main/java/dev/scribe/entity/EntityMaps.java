package dev.scribe.entity;

import dev.scribe.core.Veto;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Renders entities as maps for {@link EntityModel#toMap(Object, Set)}: basic values, associations as ids or embedded. */
final class EntityMaps {
  private EntityMaps() {}

  static Map<String, Object> toMap(EntityModel<?> model, Object entity, Set<String> with) {
    for (String association : with) {
      EntityAttribute attribute = model.attribute(association);
      if (!attribute.isAssociation()) {
        throw Veto.builder().status(400)
            .message("'" + association + "' is not an association of " + model.displayName() + "; associations: "
                + associations(model))
            .field(association, "is not an association")
            .build();
      }
    }
    Object target = EntityAttribute.unproxy(entity);
    Map<String, Object> map = new LinkedHashMap<>();
    for (EntityAttribute attribute : model.attributes()) {
      switch (attribute.kind()) {
        case BASIC:
          map.put(attribute.name(), attribute.read(target));
          break;
        case TO_ONE: {
          Object associated = attribute.read(target);
          if (with.contains(attribute.name())) {
            map.put(attribute.name(), associated == null ? null : embed(model, attribute, associated));
          } else {
            map.put(attribute.name(), associated == null ? null : model.modelOf(attribute).idOf(associated));
          }
          break;
        }
        case TO_MANY:
          if (with.contains(attribute.name())) {
            Object collection = attribute.read(target);
            List<Object> list = new ArrayList<>();
            if (collection != null) {
              for (Object element : (Collection<?>) collection) {
                list.add(embed(model, attribute, element));
              }
            }
            map.put(attribute.name(), list);
          }
          break;
        default:
          throw new AssertionError(attribute.kind());
      }
    }
    return map;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Map<String, Object> embed(EntityModel<?> model, EntityAttribute association, Object associated) {
    EntityModel target = model.modelOf(association);
    return target.toMap(associated);
  }

  private static List<String> associations(EntityModel<?> model) {
    List<String> names = new ArrayList<>();
    for (EntityAttribute attribute : model.attributes()) {
      if (attribute.isAssociation()) {
        names.add(attribute.name());
      }
    }
    return names;
  }
}
