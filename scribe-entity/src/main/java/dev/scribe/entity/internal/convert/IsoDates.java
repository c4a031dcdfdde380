package dev.scribe.entity.internal.convert;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * The common form of an ISO-8601 date, {@code yyyy-MM-dd}, read without the JDK's formatter. {@code LocalDate.parse}
 * builds a parse context, a map of fields and a resolver for every value, which made it the largest single step
 * of a batch of creates' params check; the ten characters of the common form only need their digits read.
 * Anything else, and a date the calendar does not have (the 30th of February), is left to {@code LocalDate.parse},
 * so what is accepted and what is refused, with which exception, stays the JDK's.
 */
final class IsoDates {
  private IsoDates() {}

  /** {@code text} as a date: the common form read here, every other text by {@link LocalDate#parse(CharSequence)}. */
  static LocalDate parse(String text) {
    LocalDate common = commonForm(text);
    return common != null ? common : LocalDate.parse(text);
  }

  /** The date {@code text} writes as {@code yyyy-MM-dd} with ASCII digits, or null when it is not one in that form. */
  private static LocalDate commonForm(String text) {
    if (text.length() != 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    if (year < 0 || month < 0 || day < 0) {
      return null;
    }
    try {
      return LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      return null; // a month or day out of range: LocalDate.parse refuses it with its own message
    }
  }

  /** The number the ASCII digits of {@code text} from {@code start} to {@code end} write, or -1 when one is not a digit. */
  private static int digits(String text, int start, int end) {
    int value = 0;
    for (int i = start; i < end; i++) {
      int digit = text.charAt(i) - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }
}
