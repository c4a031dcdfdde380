package dev.scribe.controller.internal.request;

import dev.scribe.controller.ControllerOptions;
import dev.scribe.controller.internal.action.ActionCall;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Veto;
import dev.scribe.entity.EntityModel;
import dev.scribe.entity.internal.ValueConverter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks that a decoded JSON body has the shape an action expects, with messages that name the culprit. */
public final class BodyShapes {

  private BodyShapes() {}

  /**
   * A 413 when a batch of {@code size} records is larger than the path's {@value #MAX_BATCH_SIZE}, before
   * anything is written.
   */
  static void checkBatchSize(ActionCall call, int size) {
    int max = ControllerOptions.MAX_BATCH_SIZE.in(call.options);
    if (size > max) {
      throw new Veto(413, call.path + " takes at most " + max + " records in one batch, and the body has " + size
          + "; send them in batches of at most " + max);
    }
  }

  /**
   * A 413 when a store or update body holds more records than the path's {@code maxBatchSize}, counting the nested
   * records of its associations ({@code "subtasks": [{...}, ...]}): each is written in the same unit of work as its
   * parent, and a single record's body of 1 MiB carried seventy thousand of them past the cap. Objects inside an
   * attribute of JSON type are its value and do not count (see {@link NestedRecords}).
   */
  public static void checkNestedRecords(ActionCall call, EntityModel<?> model, Object body) {
    int max = ControllerOptions.MAX_BATCH_SIZE.in(call.options);
    long records = 0;
    for (Object record : body instanceof List ? (List<?>) body : List.of(body)) {
      if (record instanceof Map) {
        records += NestedRecords.in(model, (Map<?, ?>) record);
      }
    }
    if (records > max) {
      throw new Veto(413, call.path + " takes at most " + max + " records in one request, nested records included,"
          + " and the body has " + records + "; send the nested records in requests of their own, at most " + max
          + " at a time");
    }
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(Object body, ActionCall call, String expected) {
    if (body instanceof Map) {
      return (Map<String, Object>) body;
    }
    throw new Veto(400, call.path + " expects " + expected + ", but the body is " + kind(body));
  }

  /** A non-empty list of objects (a batch store or update). */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> objects(Object body, ActionCall call) {
    if (!(body instanceof List)) {
      throw new Veto(400, call.path + " expects a JSON array of objects, but the body is " + kind(body));
    }
    List<?> list = (List<?>) body;
    if (list.isEmpty()) {
      throw new Veto(400, call.path + " got an empty array; send at least one object");
    }
    checkBatchSize(call, list.size());
    List<Map<String, Object>> records = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object element = list.get(i);
      if (!(element instanceof Map)) {
        throw new Veto(400, call.path + ": element " + i + " of the array is " + element(element)
            + "; every element must be a JSON object");
      }
      records.add((Map<String, Object>) element);
    }
    return records;
  }

  /** A batch update: a non-empty list of objects, each carrying the id attribute. */
  public static List<Map<String, Object>> objectsWithIds(Object body, ActionCall call, String idName) {
    if (!(body instanceof List)) {
      throw new Veto(400, call.path + " on the collection expects a JSON array of objects that carry their '" + idName
          + "', but the body is " + kind(body) + "; to update one record, send the object to its own URL; to update"
          + " every record a query matches, send the changes with filters in the query (or all=true)");
    }
    List<Map<String, Object>> records = objects(body, call);
    for (int i = 0; i < records.size(); i++) {
      Object id = records.get(i).get(idName);
      if (id == null || id instanceof Map || id instanceof List) {
        throw new Veto(400, call.path + ": element " + i + " of the array has " + (id == null ? "no '" + idName + "'"
            : "'" + idName + "' " + kind(id)) + "; every element must carry the " + idName + " of the record to update");
      }
    }
    return records;
  }

  /** A batch destroy: a non-empty list of scalar ids. */
  public static List<Object> ids(Object body, ActionCall call) {
    if (!(body instanceof List)) {
      throw new Veto(400, call.path + " on the collection expects a JSON array of ids, but the body is " + kind(body)
          + "; to delete one record, send DELETE to its own URL; to delete every record a query matches, send filters in"
          + " the query (or all=true) and no body");
    }
    List<?> list = (List<?>) body;
    if (list.isEmpty()) {
      throw new Veto(400, call.path + " got an empty array; send at least one id");
    }
    checkBatchSize(call, list.size());
    List<Object> ids = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object element = list.get(i);
      if (element == null || element instanceof Map || element instanceof List || element instanceof Boolean) {
        throw new Veto(400, call.path + ": element " + i + " of the array is " + element(element)
            + "; every element must be an id (a number or a string)");
      }
      ids.add(element);
    }
    return ids;
  }

  /** A deep copy of an in-process body in mutable maps and lists, so that handlers may change it. */
  public static Object mutableCopy(Object value) {
    if (value instanceof Map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      ((Map<?, ?>) value).forEach((k, v) -> copy.put(String.valueOf(k), mutableCopy(v)));
      return copy;
    }
    if (value instanceof List) {
      List<Object> copy = new ArrayList<>();
      for (Object element : (List<?>) value) {
        copy.add(mutableCopy(element));
      }
      return copy;
    }
    return value;
  }

  public static boolean bool(String name, Object value) {
    if (value instanceof Boolean) {
      return (Boolean) value;
    }
    if (value instanceof java.util.Collection) {
      throw new Veto(400, "'" + name + "' is given " + ((java.util.Collection<?>) value).size() + " times; send it once,"
          + " true or false");
    }
    if ("true".equals(value) || "false".equals(value)) {
      return Boolean.parseBoolean((String) value);
    }
    throw new Veto(400, "'" + name + "' must be true or false, not '" + ValueConverter.shorten(String.valueOf(value)) + "'");
  }

  /** How an element of an array reads in a message: as {@link #kind}, but JSON null is "null", not "empty". */
  private static String element(Object value) {
    return value == null ? "null" : kind(value);
  }

  /** How a JSON value reads in a message: "an array", "an object", "the string \"x\"", "empty". */
  public static String kind(Object value) {
    if (value == null) {
      return "empty";
    }
    if (value instanceof Map) {
      return "an object";
    }
    if (value instanceof List) {
      return "an array";
    }
    return ValueConverter.describe(value);
  }

  /** The records of a store or update: the params map, or each map of a batch's params list. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> records(EventArgs args) {
    Object params = args.get(EventArgs.PARAMS);
    if (params instanceof Map) {
      return List.of((Map<String, Object>) params);
    }
    if (params instanceof List) {
      List<Map<String, Object>> records = new ArrayList<>();
      for (Object record : (List<?>) params) {
        if (record instanceof Map) {
          records.add((Map<String, Object>) record);
        }
      }
      return records;
    }
    return List.of();
  }
}
