package dev.scribe.entity.internal;

import dev.scribe.core.Veto;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Converts raw values — strings from a query string, numbers and booleans from JSON — to an attribute's
 * Java type. Values already of the type pass through. Pure functions; thread-safe.
 */
public final class ValueConverter {
  private static final Map<Class<?>, Class<?>> WRAPPERS = Map.of(
      int.class, Integer.class, long.class, Long.class, short.class, Short.class, byte.class, Byte.class,
      double.class, Double.class, float.class, Float.class, boolean.class, Boolean.class, char.class, Character.class);

  /** The most digits a whole number may have before it is refused as out of range without being computed. */
  private static final int MAX_WHOLE_DIGITS = 1000;
  /** How much of a refused value a message quotes. */
  private static final int QUOTED_CHARS = 60;

  private ValueConverter() {}

  /** Why a raw value cannot become the wanted type; the message reads after the field name. */
  public static final class ConversionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    ConversionException(String message) {
      super(message);
    }
  }

  /** The wrapper of a primitive type, or the type itself. */
  public static Class<?> wrap(Class<?> type) {
    return type.isPrimitive() ? WRAPPERS.get(type) : type;
  }

  /** The short name used in messages: {@code Long}, {@code LocalDate}, {@code Status}. */
  public static String typeName(Class<?> type) {
    return wrap(type).getSimpleName();
  }

  /**
   * {@code raw}, an id as a URL or a batch carries it, converted to {@code idType}; a 400 veto
   * {@code id 'abc' is not a valid Long} (field {@code id}) when it is not one.
   */
  public static Object convertId(String raw, Class<?> idType) {
    try {
      return convert(raw, idType);
    } catch (ConversionException e) {
      throw Veto.builder().status(400).message("id " + e.getMessage()).field("id", e.getMessage()).build();
    }
  }

  /**
   * {@code raw} as a {@code type}; null stays null except for primitives.
   *
   * @throws ConversionException naming the value and the expected type
   */
  public static Object convert(Object raw, Class<?> type) {
    if (raw == null) {
      if (type.isPrimitive()) {
        throw new ConversionException("null is not allowed; send " + expected(type));
      }
      return null;
    }
    Class<?> target = wrap(type);
    if (target.isInstance(raw)) {
      return raw;
    }
    try {
      if (raw instanceof String) {
        return fromString(((String) raw).strip(), (String) raw, target);
      }
      if (raw instanceof Number) {
        return fromNumber((Number) raw, target);
      }
      if (raw instanceof Boolean && target == String.class) {
        return raw.toString();
      }
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      throw invalid(raw, target);
    }
    throw invalid(raw, target);
  }

  private static Object fromString(String text, String raw, Class<?> target) {
    if (target == String.class) {
      return raw;
    }
    if (target == Long.class) {
      return Long.valueOf(text);
    }
    if (target == Integer.class) {
      return Integer.valueOf(text);
    }
    if (target == Short.class) {
      return Short.valueOf(text);
    }
    if (target == Byte.class) {
      return Byte.valueOf(text);
    }
    if ((target == BigDecimal.class || target == BigInteger.class) && text.length() > MAX_WHOLE_DIGITS) {
      throw outOfRange(raw, target);
    }
    if (target == BigDecimal.class) {
      return new BigDecimal(text);
    }
    if (target == BigInteger.class) {
      return new BigInteger(text);
    }
    if (target == Double.class) {
      return Double.valueOf(text);
    }
    if (target == Float.class) {
      return Float.valueOf(text);
    }
    if (target == Boolean.class) {
      if (text.equalsIgnoreCase("true")) {
        return Boolean.TRUE;
      }
      if (text.equalsIgnoreCase("false")) {
        return Boolean.FALSE;
      }
      throw new ConversionException(quote(raw) + " is not a valid Boolean; use true or false");
    }
    if (target == LocalDate.class) {
      return LocalDate.parse(text);
    }
    if (target == LocalDateTime.class) {
      return LocalDateTime.parse(text);
    }
    if (target == LocalTime.class) {
      return LocalTime.parse(text);
    }
    if (target == Instant.class) {
      return Instant.parse(text);
    }
    if (target == OffsetDateTime.class) {
      return OffsetDateTime.parse(text);
    }
    if (target == ZonedDateTime.class) {
      return ZonedDateTime.parse(text);
    }
    if (target == UUID.class) {
      try {
        return UUID.fromString(text);
      } catch (IllegalArgumentException e) {
        throw invalid(raw, target);
      }
    }
    if (target == Character.class && text.length() == 1) {
      return text.charAt(0);
    }
    if (target.isEnum()) {
      return enumConstant(text, raw, target);
    }
    throw invalid(raw, target);
  }

  private static Object fromNumber(Number number, Class<?> target) {
    if (target == String.class) {
      return number.toString();
    }
    if (target == Double.class) {
      double value = number.doubleValue();
      if (Double.isInfinite(value)) {
        throw outOfRange(number, target);
      }
      return value;
    }
    if (target == Float.class) {
      float value = number.floatValue();
      if (Float.isInfinite(value)) {
        throw outOfRange(number, target);
      }
      return value;
    }
    BigDecimal decimal = number instanceof BigDecimal ? (BigDecimal) number
        : number instanceof BigInteger ? new BigDecimal((BigInteger) number)
        : number instanceof Double || number instanceof Float ? BigDecimal.valueOf(number.doubleValue())
        : BigDecimal.valueOf(number.longValue());
    if (target == BigDecimal.class) {
      return decimal;
    }
    if (target == Long.class || target == Integer.class || target == Short.class || target == Byte.class
        || target == BigInteger.class) {
      BigInteger whole = whole(decimal, number, target);
      if (target == BigInteger.class) {
        return whole;
      }
      long value;
      try {
        value = whole.longValueExact();
      } catch (ArithmeticException e) {
        throw outOfRange(number, target);
      }
      if (target == Long.class) {
        return value;
      }
      if (target == Integer.class) {
        if (value != (int) value) {
          throw outOfRange(number, target);
        }
        return (int) value;
      }
      if (target == Short.class) {
        if (value != (short) value) {
          throw outOfRange(number, target);
        }
        return (short) value;
      }
      if (value != (byte) value) {
        throw outOfRange(number, target);
      }
      return (byte) value;
    }
    if (target == Instant.class) {
      return Instant.ofEpochMilli(whole(decimal, number, target).longValueExact());
    }
    throw invalid(number, target);
  }

  /**
   * The whole number {@code decimal} stands for. Checked on its digits before it is computed, so that an
   * exponent like {@code 1e999999999} is refused at once instead of being expanded.
   */
  private static BigInteger whole(BigDecimal decimal, Number number, Class<?> target) {
    if (decimal.signum() == 0) {
      return BigInteger.ZERO;
    }
    BigDecimal stripped = decimal.stripTrailingZeros();
    if (stripped.scale() > 0) {
      throw new ConversionException(quote(number) + " is not a valid " + target.getSimpleName()
          + "; it must be a whole number");
    }
    if ((long) stripped.precision() - stripped.scale() > MAX_WHOLE_DIGITS) {
      throw outOfRange(number, target);
    }
    return stripped.toBigInteger();
  }

  /**
   * Why a value as it came in a JSON body does not fit an attribute of {@code type}, or null when it does:
   * text attributes take JSON strings, numeric ones numbers, boolean ones {@code true} or {@code false}, and
   * dates, times, enums and UUIDs strings. Nothing is coerced: {@code true} is not the text "true", and
   * {@code "3"} is not the number 3. Types without a JSON form of their own are left to {@link #convert}.
   *
   * <pre>{@code
   * ValueConverter.jsonMismatch(true, String.class);   // "must be a string, not the boolean true"
   * ValueConverter.jsonMismatch(3, int.class);         // null
   * }</pre>
   */
  public static String jsonMismatch(Object raw, Class<?> type) {
    Class<?> target = wrap(type);
    String expected = expected(type);
    if (raw == null) {
      return type.isPrimitive() ? "must be " + expected + ", not null" : null;
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
    return fits ? null : "must be " + expected + ", not " + describe(raw);
  }

  /** What a value of {@code type} looks like in JSON, for messages: "a string", "a whole number", "true or false". */
  public static String expected(Class<?> type) {
    Class<?> target = wrap(type);
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
    return "a " + target.getSimpleName();
  }

  /** How a JSON value reads in a message: "the boolean true", "the number 3", "an object", "the string \"x\"". */
  public static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Map) {
      return "an object";
    }
    if (value instanceof java.util.Collection) {
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
    return "a " + value.getClass().getSimpleName();
  }

  /** {@code text} cut to a length a message can quote, marked with an ellipsis when cut. */
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

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object enumConstant(String text, String raw, Class<?> target) {
    Object[] constants = target.getEnumConstants();
    for (Object constant : constants) {
      if (((Enum) constant).name().equals(text)) {
        return constant;
      }
    }
    for (Object constant : constants) {
      if (((Enum) constant).name().equalsIgnoreCase(text)) {
        return constant;
      }
    }
    List<String> names = new ArrayList<>();
    for (Object constant : constants) {
      names.add(((Enum) constant).name());
    }
    throw new ConversionException(quote(raw) + " is not a valid " + target.getSimpleName() + "; allowed: "
        + String.join(", ", names));
  }

  private static ConversionException outOfRange(Object raw, Class<?> target) {
    return new ConversionException(quote(raw) + " is not a valid " + target.getSimpleName() + "; it is out of range");
  }

  private static ConversionException invalid(Object raw, Class<?> target) {
    return new ConversionException(quote(raw) + " is not a valid " + target.getSimpleName());
  }

  private static String quote(Object raw) {
    return "'" + shorten(String.valueOf(raw)) + "'";
  }
}
