package dev.scribe.controller.internal.action;

import dev.scribe.controller.internal.view.EntityView;
import dev.scribe.entity.EntityModel;
import dev.scribe.repository.Page;
import dev.scribe.repository.Repository;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Values a handler hands to the response — a custom action's result, a directive — with every record in them
 * rendered as a record. Left to Jackson, a record was written as an object: every field, hidden ones too, and
 * each association walked back and forth to the nesting limit, a 500.
 */
final class RecordValues {
  private RecordValues() {}

  /**
   * {@code value} with every record in it rendered as a record, wherever it is: in a map, a list or an
   * {@code Optional}. A record of the controller's entity is rendered by its view (the path's {@code with},
   * {@code fields}, hidden fields and field policies), a page as an index's body, a record of another entity as
   * its attributes without those the caller may not see, its to-one links as ids.
   */
  @SuppressWarnings("unchecked")
  static <E> Object rendered(Object value, EntityView<E> view, ActionCall call, Repository<E, ?> repository) {
    Class<E> type = repository.model().type();
    if (value == null) {
      return null;
    }
    if (type.isInstance(value)) {
      return view.render((E) value, call);
    }
    if (value instanceof Page<?> page) {
      Map<String, Object> body = new LinkedHashMap<>();
      if (page.items().stream().allMatch(type::isInstance)) {
        body.put("items", view.renderAll((Collection<E>) page.items(), call)); // the embeds read once for all
      } else {
        List<Object> items = new ArrayList<>(page.items().size());
        for (Object item : page.items()) {
          items.add(rendered(item, view, call, repository));
        }
        body.put("items", items);
      }
      body.put("page", page.page());
      body.put("size", page.size());
      body.put("total", page.total());
      return body;
    }
    if (value instanceof Optional<?> optional) {
      return rendered(optional.orElse(null), view, call, repository);
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((key, item) -> copy.put(key, rendered(item, view, call, repository)));
      return copy;
    }
    if (value instanceof Collection<?> items) {
      List<Object> copy = new ArrayList<>(items.size());
      for (Object item : items) {
        copy.add(rendered(item, view, call, repository));
      }
      return copy;
    }
    EntityModel<?> other = repository.store().entities().modelOrNull(value.getClass());
    return other == null ? value : otherRecord(other, org.hibernate.Hibernate.unproxy(value), call);
  }

  /** A record of another entity than the controller's: its attributes the caller may see, to-one links as ids. */
  @SuppressWarnings("unchecked")
  private static <T> Map<String, Object> otherRecord(EntityModel<T> model, Object record, ActionCall call) {
    Map<String, Object> map = model.toMap((T) record);
    map.keySet().removeAll(call.visible().hidden(model));
    return map;
  }
}
