package dev.scribe.entity.internal.convert;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What a JSON attribute's value may hold: numbers of at most {@value TextValues#MAX_WHOLE_DIGITS} digits before
 * the decimal point and as many after it, the bound a decimal filter value has, and texts and keys without the
 * NUL character. PostgreSQL keeps a JSON number as a numeric (at most 131,072 digits before the point, 16,383
 * after it) and a JSON text as text, which cannot hold NUL even escaped, and refused the whole statement, where
 * H2 keeps the JSON as it came; a thousand digits either side fits both and any number a client means.
 */
public final class JsonValues {
  private JsonValues() {}

  /**
   * Why {@code value} (a map, a collection, or anything else, which holds nothing to check) cannot be stored
   * as JSON, or null: the first number in it with too many digits or text or key with NUL, in the words of a
   * field error.
   */
  public static String problem(Object value) {
    if (value == null || plainValueClass(value.getClass())) {
      return null;
    }
    if (!(value instanceof Map) && !(value instanceof Collection)) {
      return null;
    }
    // a walk of its own rather than recursion: a value built in process may nest deeper than a body may
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Object> pending = new ArrayDeque<>();
    pending.push(value);
    while (!pending.isEmpty()) {
      Object next = pending.pop();
      if (next instanceof Map || next instanceof Collection) {
        if (seen.add(next)) {
          Collection<?> elements = next instanceof Map ? ((Map<?, ?>) next).entrySet() : (Collection<?>) next;
          elements.forEach(element -> {
            if (element != null) {
              pending.push(element);
            }
          });
        }
      } else if (next instanceof Map.Entry) {
        Map.Entry<?, ?> entry = (Map.Entry<?, ?>) next;
        if (entry.getKey() != null) {
          pending.push(entry.getKey());
        }
        if (entry.getValue() != null) {
          pending.push(entry.getValue());
        }
      } else if (next instanceof String && ((String) next).indexOf('\0') >= 0) {
        return "holds a text with the NUL character (\\u0000), which JSON columns cannot store";
      } else if (next instanceof BigDecimal || next instanceof BigInteger) {
        BigDecimal decimal = next instanceof BigDecimal ? (BigDecimal) next : new BigDecimal((BigInteger) next);
        if ((long) decimal.precision() - decimal.scale() > TextValues.MAX_WHOLE_DIGITS
            || decimal.scale() > TextValues.MAX_WHOLE_DIGITS) {
          return "holds the number " + shown(decimal) + ", which has more digits than a JSON value may: at most "
              + TextValues.MAX_WHOLE_DIGITS + " before the decimal point and " + TextValues.MAX_WHOLE_DIGITS + " after it";
        }
      }
    }
    return null;
  }

  /**
   * A class of values that hold nothing to check, told by identity. Asked of every basic value a record's params
   * check converts (integers, booleans, dates): on Java 17 a failed {@code instanceof} against an interface scans
   * every interface of the value's class, and the two here were a third of the params check of an import.
   */
  private static boolean plainValueClass(Class<?> type) {
    return type == String.class || type == Integer.class || type == Long.class || type == Boolean.class
        || type == BigDecimal.class || type == Double.class || type == LocalDate.class || type == LocalDateTime.class
        || type == Instant.class || type == OffsetDateTime.class || type == LocalTime.class || type == UUID.class
        || type == Short.class || type == Byte.class || type == Float.class || type == BigInteger.class
        || type == Character.class || type == ZonedDateTime.class;
  }

  /** The number as an error message shows it: in scientific notation, its digits cut after 20. */
  private static String shown(BigDecimal decimal) {
    String text = decimal.toString();
    return text.length() <= 40 ? text : decimal.round(new java.math.MathContext(20)) + " (rounded to 20 digits)";
  }
}
