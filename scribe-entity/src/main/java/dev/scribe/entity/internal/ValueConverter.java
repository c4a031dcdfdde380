package dev.scribe.entity.internal;

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
   * {@code raw} as a {@code type}; null stays null except for primitives.
   *
   * @throws ConversionException naming the value and the expected type
   */
  public static Object convert(Object raw, Class<?> type) {
    if (raw == null) {
      if (type.isPrimitive()) {
        throw new ConversionException("null is not allowed for a " + type.getName());
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
      throw new ConversionException("'" + raw + "' is not a valid Boolean; use true or false");
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
      return number.doubleValue();
    }
    if (target == Float.class) {
      return number.floatValue();
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
      BigInteger whole;
      try {
        whole = decimal.toBigIntegerExact();
      } catch (ArithmeticException e) {
        throw new ConversionException("'" + number + "' is not a valid " + target.getSimpleName() + "; it must be a whole number");
      }
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
      return Instant.ofEpochMilli(decimal.longValueExact());
    }
    throw invalid(number, target);
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
    throw new ConversionException("'" + raw + "' is not a valid " + target.getSimpleName() + "; allowed: "
        + String.join(", ", names));
  }

  private static ConversionException outOfRange(Object raw, Class<?> target) {
    return new ConversionException("'" + raw + "' is not a valid " + target.getSimpleName() + "; it is out of range");
  }

  private static ConversionException invalid(Object raw, Class<?> target) {
    return new ConversionException("'" + raw + "' is not a valid " + target.getSimpleName());
  }
}
