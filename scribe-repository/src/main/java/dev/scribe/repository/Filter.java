package dev.scribe.repository;

import java.util.Objects;

/**
 * One condition of a {@link Query}: attribute, operator and value. The value may be raw (a String from a
 * query string) or already typed; the repository converts it to the attribute's type. For
 * {@link Operator#IN} it is a list (or a comma-separated String).
 */
public record Filter(String attribute, Operator operator, Object value) {
  public Filter {
    Objects.requireNonNull(attribute, "attribute");
    Objects.requireNonNull(operator, "operator");
  }
}
