package dev.scribe.controller.internal.view;

import dev.scribe.controller.internal.action.ActionCall;
import dev.scribe.core.Veto;
import dev.scribe.entity.internal.ValueConverter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The front-end options of a request, read from the query string: {@code with} (associations to
 * embed) and {@code fields} (the attributes to send), each comma-separated or repeated. Unknown names
 * are refused with a 400 that lists what is allowed, and so is a to-many association in {@code fields} that
 * {@code with} does not embed, and a name given twice, as in {@code sort}.
 */
public final class FrontEndOptions {
  public static final String WITH = "with";
  public static final String FIELDS = "fields";

  private final List<String> with;
  private final List<String> fields;

  private FrontEndOptions(List<String> with, List<String> fields) {
    this.with = with;
    this.fields = fields;
  }

  /**
   * The options of {@code query} for {@code call}. A name hidden from the call is refused exactly like a
   * name that does not exist, and the lists of allowed names leave hidden ones out.
   */
  public static FrontEndOptions parse(Map<String, Object> query, EntityView<?> view, ActionCall call) {
    return parse(query, view, call.visible(), call.path);
  }

  /** The options of {@code query} for a caller who sees what {@code visible} lets through, on {@code path}. */
  public static FrontEndOptions parse(Map<String, ?> query, EntityView<?> view, FieldVisibility.Scope visible, String path) {
    List<String> with = names(WITH, query.get(WITH));
    List<String> fields = names(FIELDS, query.get(FIELDS));
    if (with != null) {
      for (String name : with) {
        if (!view.isAssociation(name) || !visible.visible(view.model(), name)) {
          List<String> embeddable = view.visibleAssociationNames(visible);
          // "can embed []" said nothing a client could act on
          throw new Veto(400, "with=" + name + ": " + view.entityName() + " has no association '" + name + "'; "
              + path + (embeddable.isEmpty() ? " embeds no association: leave with out" : " can embed " + embeddable));
        }
      }
    }
    if (fields != null) {
      for (String name : fields) {
        if (!visible.visible(view.model(), name)) {
          throw new Veto(400, "fields=" + name + ": " + view.entityName() + " has no attribute '" + name
              + "'; its attributes are " + view.visibleAttributeNames(visible));
        }
        // a to-many association is rendered only when embedded: named in fields alone, it was sent nowhere, and
        // fields=subtasks answered records without a field (an export, blank lines)
        if (view.isToMany(name) && (with == null || !with.contains(name))) {
          throw new Veto(400, "fields=" + name + ": " + name + " is a list of " + view.targetName(name) + " records,"
              + " sent only when embedded; add with=" + name + ", or leave " + name + " out of fields");
        }
      }
    }
    return new FrontEndOptions(with, fields);
  }

  /** Puts the options given into the args' front-end options map. */
  public void copyInto(Map<String, Object> frontEndOptions) {
    if (with != null) {
      frontEndOptions.put(WITH, with);
    }
    if (fields != null) {
      frontEndOptions.put(FIELDS, fields);
    }
  }

  /**
   * The names of {@code parameter}; an empty one ({@code fields=}, {@code fields=id,}) is a 400: it is a slip of
   * the client that built the list, and read as no name it would answer records without a field.
   */
  private static List<String> names(String parameter, Object raw) {
    if (raw == null) {
      return null;
    }
    if (raw instanceof List && ((List<?>) raw).isEmpty()) {
      throw new Veto(400, parameter + " is an empty list; name at least one (" + parameter + "=id,title), or leave "
          + parameter + " out");
    }
    List<String> names = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Object part : raw instanceof List ? (List<?>) raw : List.of(raw)) {
      if (!(part instanceof String)) {
        // a JSON body's fields: 5 or fields: {"a": 1} is a mistake, not the name "5"
        throw new Veto(400, "fields and with are names separated by commas (\"id,title\") or a list of names, not "
            + ValueConverter.describe(part));
      }
      for (String name : ((String) part).split(",", -1)) {
        String trimmed = name.strip();
        if (trimmed.isEmpty()) {
          throw new Veto(400, parameter + "='" + part + "' has an empty name; write names separated by single commas ("
              + parameter + "=id,title), or leave " + parameter + " out");
        }
        if (!seen.add(trimmed)) {
          // as sort refuses a field named twice: the second name adds nothing, and a find body's fifty thousand of
          // them were as many names for each record's rendering to go through
          throw new Veto(400, parameter + ": '" + ValueConverter.shorten(trimmed) + "' is named twice; name each once,"
              + " as in " + parameter + "=" + (parameter.equals(WITH) ? "owner,subtasks" : "id,title"));
        }
        names.add(trimmed);
      }
    }
    return names;
  }
}
