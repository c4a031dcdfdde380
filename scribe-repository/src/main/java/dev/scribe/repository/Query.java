package dev.scribe.repository;

import dev.scribe.core.internal.Words;
import dev.scribe.core.UsageException;
import dev.scribe.core.Veto;
import dev.scribe.entity.internal.ValueConverter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What to list: filters (combined with AND), sort keys, and a page. Mutable, so that handlers can add a
 * filter in {@code preStart}: each call puts a copy of its caller's query in its args, so what a handler adds there
 * narrows that call alone, and a query reused for the next call is read as its caller wrote it. Attributes and values are checked against the entity model when the
 * repository runs the query; it builds it with the Criteria API and bound parameters only.
 *
 * <pre>{@code
 * Query query = new Query().where("status", Operator.EQ, "OPEN").orderBy("dueDate", true).page(2).size(50);
 * Query parsed = Query.fromParams(Map.of("priority[gte]", "3", "sort", "-createdAt,title", "page", "2"));
 * }</pre>
 */
public final class Query {
  /** The page size when none is given. */
  public static final int DEFAULT_SIZE = 20;

  private static final Set<String> IGNORED = Set.of("with", "fields", "ignoreErrors");

  private final List<Filter> filters = new ArrayList<>();
  private final List<Sort> sort = new ArrayList<>();
  private int page = 1;
  private int size = DEFAULT_SIZE;

  /** Every record, first page, default size. */
  public Query() {}

  /**
   * A query of the same filters, sort keys and page, for one call's args: what a {@code preStart} handler adds to it
   * narrows that call alone, and the caller's query stays as it was written for its next call.
   */
  Query copy() {
    Query copy = new Query();
    copy.filters.addAll(filters);
    copy.sort.addAll(sort);
    copy.page = page;
    copy.size = size;
    return copy;
  }

  /**
   * Parses the HTTP query language: {@code field=value} (EQ), {@code field[op]=value} with op one of
   * gt, gte, lt, lte, ne, in (comma-separated, no empty value), like, eq; {@code sort=-a,b} (no empty field); {@code page}; {@code size}.
   * The keys {@code with}, {@code fields} and {@code ignoreErrors} are ignored. A value may be a String or a
   * list of Strings (a repeated parameter, each one a filter); an empty list is a 400, since it names no value, and so is more than one {@code page} or {@code size}.
   *
   * @throws Veto 400 naming the parameter, the value and what is allowed
   */
  public static Query fromParams(Map<String, ?> raw) {
    if (raw == null) {
      throw new UsageException("Query.fromParams(...) got null; pass the query parameters as a map (an empty one"
          + " for every record)");
    }
    Query query = new Query();
    for (Map.Entry<String, ?> entry : raw.entrySet()) {
      Object name = entry.getKey();
      if (!(name instanceof String)) {
        throw new UsageException("Query.fromParams(...) got the key " + name + (name == null ? "" : " ("
            + Words.withArticle(name.getClass().getSimpleName()) + ")") + "; the keys are parameter names (Strings) such as title,"
            + " priority[gte], sort, page or size");
      }
      String key = (String) name;
      if (IGNORED.contains(key)) {
        continue;
      }
      Collection<?> values = valuesOf(entry.getValue());
      if (values.isEmpty()) {
        // a list is one filter per element: an empty one would drop the filter and match every record
        int open = key.indexOf('[');
        boolean filter = open > 0 || !Set.of("sort", "page", "size").contains(key);
        throw bad(open > 0 ? key.substring(0, open) : key, key + ": the value is an empty list"
            + (filter ? ", which names nothing to filter by" : "") + "; give at least one value");
      }
      if (values.size() > 1 && (key.equals("page") || key.equals("size"))) {
        // one of them would win silently, and the client could not tell which page it got
        throw bad(key, key + ": given " + values.size() + " times (" + values.stream().map(String::valueOf)
            .collect(java.util.stream.Collectors.joining(", ")) + "); give it once");
      }
      for (Object value : values) {
        switch (key) {
          case "sort":
            query.parseSort(String.valueOf(value));
            break;
          case "page":
            query.page(positive("page", value));
            break;
          case "size":
            query.size(positive("size", value));
            break;
          default:
            query.parseFilter(key, value);
        }
      }
    }
    return query;
  }

  private void parseFilter(String key, Object value) {
    int open = key.indexOf('[');
    if (open < 0) {
      filters.add(new Filter(key, Operator.EQ, value));
      return;
    }
    String attribute = key.substring(0, open);
    if (!key.endsWith("]") || attribute.isEmpty()) {
      throw bad(key, "'" + key + "' is not a valid filter; write field=value or field[op]=value");
    }
    String token = key.substring(open + 1, key.length() - 1);
    Operator operator = Operator.fromToken(token);
    if (operator == null) {
      throw bad(attribute, attribute + "[" + token + "]: unknown operator '" + token
          + "'; allowed: eq, ne, gt, gte, lt, lte, in, like");
    }
    filters.add(new Filter(attribute, operator, value));
  }

  private void parseSort(String text) {
    for (String part : text.split(",", -1)) {
      String key = part.strip();
      if (key.isEmpty()) {
        // sort=title, is a slip of the client that built the list, not a request for no order
        throw bad("sort", "sort: '" + text + "' has an empty field; write sort=-field,otherField, or leave sort out");
      }
      boolean descending = key.startsWith("-");
      String attribute = descending || key.startsWith("+") ? key.substring(1) : key;
      if (attribute.isEmpty()) {
        throw bad("sort", "sort: '" + text + "' is not a valid sort; write sort=-field,otherField");
      }
      for (Sort earlier : sort) {
        if (earlier.attribute().equals(attribute)) {
          // a second key on one field orders nothing more, and fifty thousand of them in a find body were as many
          // ORDER BY terms for the database to sort by: six seconds for a page of one record
          throw bad("sort", "sort: '" + attribute + "' is named twice; name each field once, as in"
              + " sort=-field,otherField");
        }
      }
      sort.add(new Sort(attribute, !descending));
    }
  }

  private static final java.util.regex.Pattern ASCII_INTEGER = java.util.regex.Pattern.compile("[+-]?[0-9]+");
  /** A number with a fraction or an exponent ({@code 1.5}, {@code 2e-1}): a number, though not a page's. */
  private static final java.util.regex.Pattern DECIMAL =
      java.util.regex.Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

  private static int positive(String name, Object value) {
    int number;
    try {
      String text = String.valueOf(value).strip();
      if (!(value instanceof Number) && !ASCII_INTEGER.matcher(text).matches()) {
        // Integer.parseInt takes a plus sign and the digits of every script ("٣"): a page is written in ASCII
        throw new NumberFormatException(text);
      }
      number = value instanceof Number ? Math.toIntExact(((Number) value).longValue()) : Integer.parseInt(text);
    } catch (NumberFormatException | ArithmeticException e) {
      String written = String.valueOf(value).strip();
      String kind = DECIMAL.matcher(written).matches() && !ASCII_INTEGER.matcher(written).matches() ? "a whole number"
          : "a number";
      throw bad(name, name + ": '" + value + "' is not " + kind + "; use a whole number of 1 or more");
    }
    if (number < 1) {
      throw bad(name, name + ": " + number + " is not allowed; use a whole number of 1 or more");
    }
    String notAsWritten = value instanceof String ? ValueConverter.notAsWritten(number, (String) value) : null;
    if (notAsWritten != null) {
      // written as filters are: "01" and "1 " were read as page 1 while "+5" was not a number
      throw bad(name, name + ": " + notAsWritten);
    }
    return number;
  }

  private static Collection<?> valuesOf(Object value) {
    if (value instanceof Collection) {
      return (Collection<?>) value;
    }
    if (value instanceof Object[]) {
      return List.of((Object[]) value);
    }
    List<Object> one = new ArrayList<>();
    one.add(value);
    return one;
  }

  private static Veto bad(String field, String message) {
    String detail = message.startsWith(field + ": ") ? message.substring(field.length() + 2) : message;
    return Veto.builder().status(400).message(message).field(field, detail).build();
  }

  /** The filters, combined with AND (mutable). */
  public List<Filter> filters() {
    return filters;
  }

  /** The sort keys, most significant first (mutable). */
  public List<Sort> sort() {
    return sort;
  }

  /** The page, 1-based. */
  public int page() {
    return page;
  }

  /** The page size. */
  public int size() {
    return size;
  }

  /** Adds a filter. */
  public Query where(String attribute, Operator operator, Object value) {
    filters.add(new Filter(attribute, operator, value));
    return this;
  }

  /**
   * Adds a sort key, less significant than those already there.
   *
   * @throws UsageException if the query already sorts by the attribute, as {@code sort=title,title} is a 400: a
   *     second key on one attribute orders nothing more; to change its direction, remove its key from {@link #sort()}
   */
  public Query orderBy(String attribute, boolean ascending) {
    for (Sort earlier : sort) {
      if (earlier.attribute().equals(attribute)) {
        throw new UsageException("Query.orderBy(\"" + attribute + "\", " + ascending + "): the query already sorts by '"
            + attribute + "'; name each attribute once, and to change its direction remove its key from sort() first");
      }
    }
    sort.add(new Sort(attribute, ascending));
    return this;
  }

  /** Sets the page (1 or more). */
  public Query page(int newPage) {
    if (newPage < 1) {
      throw bad("page", "page: " + newPage + " is not allowed; use a whole number of 1 or more");
    }
    this.page = newPage;
    return this;
  }

  /** Sets the page size (1 or more; the controller enforces its maximum). */
  public Query size(int newSize) {
    if (newSize < 1) {
      throw bad("size", "size: " + newSize + " is not allowed; use a whole number of 1 or more");
    }
    this.size = newSize;
    return this;
  }

  /** Same as {@link #page(int)}, bean style. */
  public void setPage(int newPage) {
    page(newPage);
  }

  /** Same as {@link #size(int)}, bean style. */
  public void setSize(int newSize) {
    size(newSize);
  }

  @Override
  public String toString() {
    return "Query[filters=" + filters + ", sort=" + sort + ", page=" + page + ", size=" + size + "]";
  }
}
