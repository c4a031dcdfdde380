package dev.scribe.controller.internal.request;

import dev.scribe.controller.ControllerOptions;
import dev.scribe.controller.internal.action.ActionCall;
import dev.scribe.controller.internal.view.EntityView;
import dev.scribe.core.ArgsContractException;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Options;
import dev.scribe.core.Veto;
import dev.scribe.entity.AttributeKind;
import dev.scribe.entity.EntityAttribute;
import dev.scribe.entity.EntityModel;
import dev.scribe.repository.Filter;
import dev.scribe.repository.Query;
import dev.scribe.repository.Sort;
import dev.scribe.repository.internal.read.CriteriaQueries;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the raw query map, as the {@code onPreIndex} handlers left it, into a repository {@link Query}:
 * applies the controller's page-size options ({@code defaultPageSize} when no size is asked for, a 400
 * above {@code maxPageSize}), refuses a page that starts past the last row a query can skip to, and checks
 * every filter and sort key against the attributes the call may see. A field hidden from the call is
 * refused with the very answer an unknown field gets, so its existence cannot be inferred; filters that
 * handlers add on hidden fields are theirs to make.
 */
public final class QueryParser {
  private QueryParser() {}

  private static final String IGNORE_ERRORS = "ignoreErrors";

  /** The query of an index call: the args' {@code query} after the handlers, checked for what the call may see. */
  public static Query parse(ActionCall call, EntityView<?> view, String resourceName) {
    Map<String, Object> raw = call.args.query();
    if (raw == null) {
      throw new ArgsContractException(EventArgs.QUERY, "a handler removed 'query' from the args of " + call.path);
    }
    Set<String> hidden = call.visible().hidden(view.model());
    return parse(raw, call.options, call.path, hidden, hidden.isEmpty() ? Set.of() : namedByClient(call.request.query()),
        view.model(), resourceName);
  }

  /** The query written in {@code raw}, every key of it the client's: a hidden field is refused wherever it appears. */
  public static Query parse(Map<String, Object> raw, Options options, String path, Set<String> hidden, EntityModel<?> model,
      String resourceName) {
    return parse(raw, options, path, hidden, namedByClient(raw), model, resourceName);
  }

  private static Query parse(Map<String, Object> raw, Options options, String path, Set<String> hidden,
      Set<String> named, EntityModel<?> model, String resourceName) {
    if (raw.containsKey(IGNORE_ERRORS)) {
      // Query.fromParams passes over it for the bulk calls that read it; a read taking it would ignore a typo too
      throw Veto.builder().status(400).message(path + " does not read '" + IGNORE_ERRORS + "': it applies to batch writes"
          + " and bulk writes by query; leave it out").field(IGNORE_ERRORS, "is not read by " + path).build();
    }
    int max = ControllerOptions.MAX_PAGE_SIZE.in(options);
    int defaultSize = Math.min(ControllerOptions.DEFAULT_PAGE_SIZE.in(options), max);
    checkWholeNumber(raw, "page", String.valueOf(Integer.MAX_VALUE));
    checkWholeNumber(raw, "size", max + ", the maximum page size of " + path);
    Query query = Query.fromParams(raw);
    if (raw.get("size") == null) {
      query.size(defaultSize);
    } else if (query.size() > max) {
      throw new Veto(400, "size " + query.size() + " is larger than the maximum page size of " + path
          + "; ask for at most " + max);
    }
    CriteriaQueries.firstResult(query); // a page past the last one a query can start at is a 400 before any event
    for (Filter filter : query.filters()) {
      check(model, filter.attribute(), "filtered", hidden, named, resourceName);
    }
    for (Sort sort : query.sort()) {
      check(model, sort.attribute(), "sorted", hidden, named, resourceName);
    }
    return query;
  }

  /** A 400 for a page or size written as a whole number too large to be one, before it reads as "not a number". */
  private static void checkWholeNumber(Map<String, Object> raw, String name, String largest) {
    Object value = raw.get(name);
    for (Object part : value instanceof List ? (List<?>) value : value == null ? List.of() : List.of(value)) {
      String text = String.valueOf(part).strip();
      if (text.length() > 9 && text.chars().allMatch(Character::isDigit)) {
        try {
          Integer.parseInt(text);
        } catch (NumberFormatException e) {
          String shown = text.length() > 30 ? text.substring(0, 30) + "..." : text;
          throw Veto.builder().status(400)
              .message(name + ": " + shown + " is too large; use a whole number from 1 to " + largest)
              .field(name, shown + " is too large; use a whole number from 1 to " + largest)
              .build();
        }
      }
    }
  }

  private static void check(EntityModel<?> model, String name, String verb, Set<String> hidden, Set<String> named,
      String resourceName) {
    EntityAttribute attribute = model.attributeOrNull(name);
    if (attribute != null && attribute.kind() != AttributeKind.TO_MANY
        && !(hidden.contains(name) && named.contains(name))) {
      return;
    }
    List<String> allowed = new ArrayList<>();
    for (EntityAttribute candidate : model.attributes()) {
      if (candidate.kind() != AttributeKind.TO_MANY && !hidden.contains(candidate.name())) {
        allowed.add(candidate.name());
      }
    }
    String message = resourceName + " cannot be " + verb + " by '" + name + "'; use one of " + String.join(", ", allowed);
    throw Veto.builder().status(400).message(message).field(name, message).build();
  }

  /** The attribute names the client's own query string filters or sorts by. */
  private static Set<String> namedByClient(Map<String, Object> clientQuery) {
    Set<String> names = new HashSet<>();
    for (Map.Entry<String, Object> entry : clientQuery.entrySet()) {
      String key = entry.getKey();
      if (key.equals("sort")) {
        Object value = entry.getValue();
        for (Object part : value instanceof List ? (List<?>) value : List.of(String.valueOf(value))) {
          for (String field : String.valueOf(part).split(",")) {
            String name = field.strip();
            names.add(name.startsWith("-") || name.startsWith("+") ? name.substring(1) : name);
          }
        }
      } else {
        int open = key.indexOf('[');
        names.add(open < 0 ? key : key.substring(0, open));
      }
    }
    return names;
  }
}
