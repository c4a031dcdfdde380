package dev.scribe.repository;

import dev.scribe.core.UsageException;

/**
 * One condition of a {@link Query}: attribute, operator and value. The value may be raw (a String from a
 * query string) or already typed; the repository converts it to the attribute's type. For
 * {@link Operator#IN} it is a collection, an array (kept as the list of its elements) or a comma-separated String.
 */
public record Filter(String attribute, Operator operator, Object value) {
  public Filter {
    value = inValues(operator, value);
    if (attribute == null) {
      throw new UsageException("a filter got a null attribute (operator " + operator + ", value " + value
          + "); name the attribute to filter by, e.g. where(\"priority\", Operator.GTE, 3)");
    }
    if (operator == null) {
      throw new UsageException("the filter on '" + attribute + "' got a null operator; pass one of "
          + java.util.Arrays.toString(Operator.values()) + ", e.g. where(\"" + attribute + "\", Operator.EQ, value)");
    }
  }

  /**
   * The values of an in-list given as an array, as a list: an array was read as one value, its {@code toString()}
   * ({@code '[Ljava.lang.Integer;@5c2a3f0c' is not a valid Integer}). Any other value as it is.
   */
  static Object inValues(Operator operator, Object value) {
    if (operator != Operator.IN || value == null || !value.getClass().isArray()) {
      return value;
    }
    int length = java.lang.reflect.Array.getLength(value);
    java.util.List<Object> elements = new java.util.ArrayList<>(length);
    for (int i = 0; i < length; i++) {
      elements.add(java.lang.reflect.Array.get(value, i));
    }
    return java.util.Collections.unmodifiableList(elements);
  }
}
