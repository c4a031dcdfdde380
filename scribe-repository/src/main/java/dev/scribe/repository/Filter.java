package dev.scribe.repository;

import dev.scribe.core.UsageException;

/**
 * One condition of a {@link Query}: attribute, operator and value. The value may be raw (a String from a
 * query string) or already typed; the repository converts it to the attribute's type. For
 * {@link Operator#IN} it is a list (or a comma-separated String).
 */
public record Filter(String attribute, Operator operator, Object value) {
  public Filter {
    if (attribute == null) {
      throw new UsageException("a filter got a null attribute (operator " + operator + ", value " + value
          + "); name the attribute to filter by, e.g. where(\"priority\", Operator.GTE, 3)");
    }
    if (operator == null) {
      throw new UsageException("the filter on '" + attribute + "' got a null operator; pass one of "
          + java.util.Arrays.toString(Operator.values()) + ", e.g. where(\"" + attribute + "\", Operator.EQ, value)");
    }
  }
}
