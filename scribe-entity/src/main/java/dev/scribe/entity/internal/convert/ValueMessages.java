package dev.scribe.entity.internal.convert;

import dev.scribe.core.internal.Words;
import dev.scribe.entity.internal.ValueConverter;
import dev.scribe.entity.internal.ValueConverter.ConversionException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the messages about a value say: which JSON shape an attribute type takes, how a value reads, and the
 * refusals {@link ValueConverter} throws. Hand-written because the messages name the field and what is
 * allowed in the client's terms ("a whole number", "one of the strings RED, GREEN"), which no library words.
 */
public final class ValueMessages {
  /** How much of a refused value a message quotes. */
  private static final int QUOTED_CHARS = 60;

  private ValueMessages() {}

  /** See {@link ValueConverter#jsonMismatch}. */
  public static String jsonMismatch(Object raw, Class<?> type) {
    Class<?> target = ValueConverter.wrap(type);
    if (raw == null) {
      return type.isPrimitive() ? "must be " + expected(type) + ", not null" : null;
    }
    if (target.isInstance(raw)) {
      return null;
    }
    boolean fits;
    if (raw instanceof String) {
      fits = target == String.class || target == Character.class || target == UUID.class || target.isEnum()
          || isTemporal(target) || !isKnown(target);
    } else if (raw instanceof Number) {
      fits = isNumeric(target) || target == Instant.class || !isKnown(target);
    } else if (raw instanceof Boolean) {
      fits = target == Boolean.class || !isKnown(target);
    } else {
      fits = !isKnown(target);
    }
    // the expectation is worded only for a value that does not fit: asked for every value of every body
    return fits ? null : "must be " + expected(type) + ", not " + describe(raw);
  }

  /** See {@link ValueConverter#expected}. */
  public static String expected(Class<?> type) {
    Class<?> target = ValueConverter.wrap(type);
    if (target == String.class) {
      return "a string";
    }
    if (target == Character.class) {
      return "a string of one character";
    }
    if (target == Long.class || target == Integer.class || target == Short.class || target == Byte.class
        || target == BigInteger.class) {
      return "a whole number";
    }
    if (isNumeric(target)) {
      return "a number";
    }
    if (target == Boolean.class) {
      return "true or false";
    }
    if (target == LocalDate.class) {
      return "a date as a string, like \"2026-01-31\"";
    }
    if (target == LocalTime.class) {
      return "a time as a string, like \"13:45:00\"";
    }
    if (isTemporal(target)) {
      return "a date and time as an ISO-8601 string, like \"2026-01-31T13:45:00Z\"";
    }
    if (target == UUID.class) {
      return "a UUID as a string";
    }
    if (target.isEnum()) {
      List<String> names = new ArrayList<>();
      for (Object constant : target.getEnumConstants()) {
        names.add(((Enum<?>) constant).name());
      }
      return "one of the strings " + String.join(", ", names);
    }
    return Words.withArticle(target.getSimpleName());
  }

  /** See {@link ValueConverter#describe}. */
  public static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Map) {
      return "an object";
    }
    if (value instanceof Collection) {
      return "an array";
    }
    if (value instanceof String) {
      return "the string \"" + shorten((String) value) + "\"";
    }
    if (value instanceof Boolean) {
      return "the boolean " + value;
    }
    if (value instanceof Number) {
      return "the number " + shorten(value.toString());
    }
    return Words.withArticle(value.getClass().getSimpleName());
  }

  /** See {@link ValueConverter#shorten}. */
  public static String shorten(String text) {
    if (text.length() <= QUOTED_CHARS) {
      return text;
    }
    int end = QUOTED_CHARS;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "... (" + text.length() + " characters)";
  }

  /** {@code 'raw' is not a valid Type; it is out of range; expected a whole number between min and max}. */
  public static ConversionException outOfRange(Object raw, Class<?> target) {
    return new ConversionException(quote(raw) + " is not a valid " + target.getSimpleName() + "; it is out of range"
        + "; expected " + range(target));
  }

  /**
   * A number that is not zero but nearer zero than {@code smallest}, the least magnitude {@code target} holds: it
   * would be stored as 0.
   */
  public static ConversionException tooCloseToZero(Object raw, Class<?> target, Object smallest) {
    return new ConversionException(quote(raw) + " is not a valid " + target.getSimpleName() + "; it is too close to"
        + " zero for a " + target.getSimpleName() + ", which would hold it as 0; expected 0 or a number whose size is"
        + " at least " + smallest + " (and " + range(target) + ")");
  }

  /**
   * The values a numeric {@code target} holds, in the client's terms: "a whole number between -128 and 127". Said
   * with every refusal as out of range, since a client told only that has to guess the bounds.
   */
  public static String range(Class<?> target) {
    Class<?> type = ValueConverter.wrap(target);
    if (type == Long.class) {
      return between("a whole number", Long.MIN_VALUE, Long.MAX_VALUE);
    }
    if (type == Integer.class) {
      return between("a whole number", Integer.MIN_VALUE, Integer.MAX_VALUE);
    }
    if (type == Short.class) {
      return between("a whole number", Short.MIN_VALUE, Short.MAX_VALUE);
    }
    if (type == Byte.class) {
      return between("a whole number", Byte.MIN_VALUE, Byte.MAX_VALUE);
    }
    if (type == Double.class) {
      return between("a number", -Double.MAX_VALUE, Double.MAX_VALUE);
    }
    if (type == Float.class) {
      return between("a number", -Float.MAX_VALUE, Float.MAX_VALUE);
    }
    // BigInteger and BigDecimal: the digits are capped so that no value is expanded without end
    return (type == BigInteger.class ? "a whole number" : "a number") + " of at most " + TextValues.MAX_WHOLE_DIGITS
        + " digits";
  }

  private static String between(String noun, Object min, Object max) {
    return noun + " between " + min + " and " + max;
  }

  /** {@code 'raw' is not a valid Type}, with the form to use for dates, times and ids. */
  public static ConversionException invalid(Object raw, Class<?> target) {
    return new ConversionException(quote(raw) + " is not a valid " + target.getSimpleName() + form(raw, target));
  }

  private static final Map<Class<?>, String> FORMS = Map.of(
      LocalDate.class, "2026-03-01",
      LocalDateTime.class, "2026-03-01T09:30:00",
      LocalTime.class, "09:30:00",
      Instant.class, "2026-03-01T09:30:00Z",
      OffsetDateTime.class, "2026-03-01T09:30:00+02:00",
      ZonedDateTime.class, "2026-03-01T09:30:00+01:00[Europe/Paris]",
      UUID.class, "123e4567-e89b-12d3-a456-426614174000");

  private static String form(Object raw, Class<?> target) {
    String example = FORMS.get(target);
    if (example == null) {
      return "";
    }
    // a + in a URL's query reads as a space: an offset sent unescaped arrives as " 02:00"
    boolean plusAsSpace = raw instanceof String && target != UUID.class && ((String) raw).matches(".*\\d \\d.*");
    return "; use ISO-8601, such as " + example + (plusAsSpace ? " (in a URL, send + as %2B)" : "");
  }

  static String quote(Object raw) {
    return "'" + shorten(String.valueOf(raw)) + "'";
  }

  private static boolean isNumeric(Class<?> target) {
    return target == Long.class || target == Integer.class || target == Short.class || target == Byte.class
        || target == BigInteger.class || target == BigDecimal.class || target == Double.class || target == Float.class;
  }

  private static boolean isTemporal(Class<?> target) {
    return target == LocalDate.class || target == LocalDateTime.class || target == LocalTime.class
        || target == Instant.class || target == OffsetDateTime.class || target == ZonedDateTime.class;
  }

  private static boolean isKnown(Class<?> target) {
    return target == String.class || target == Character.class || target == Boolean.class || target == UUID.class
        || target.isEnum() || isNumeric(target) || isTemporal(target);
  }
}
