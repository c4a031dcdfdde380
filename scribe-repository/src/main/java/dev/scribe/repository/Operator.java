package dev.scribe.repository;

import java.util.Locale;

/** A filter's comparison, written {@code field[op]=value} in the query language ({@code field=value} is EQ). */
public enum Operator {
  EQ, NE, GT, GTE, LT, LTE,
  /** One of a comma-separated list of values. */
  IN,
  /**
   * A SQL LIKE pattern ({@code %} any text, {@code _} one character), on text attributes. In a query filter a
   * backslash before {@code %}, {@code _} or itself stands for that character, on every database; so in a row
   * scope ({@link RowScope#likeLiteral} escapes outside text).
   */
  LIKE;

  /** The lower-case name used in query strings: {@code gte}. */
  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The operator written {@code token}, or null when there is none. */
  static Operator fromToken(String token) {
    for (Operator operator : values()) {
      if (operator.token().equals(token)) {
        return operator;
      }
    }
    return null;
  }
}
