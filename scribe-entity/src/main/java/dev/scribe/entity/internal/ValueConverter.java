package dev.scribe.entity.internal;

import dev.scribe.core.Veto;
import dev.scribe.entity.internal.convert.NumberValues;
import dev.scribe.entity.internal.convert.TextValues;
import dev.scribe.entity.internal.convert.ValueMessages;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Converts raw values — strings from a query string, numbers and booleans from JSON — to an attribute's
 * Java type. Values already of the type pass through. Pure functions; thread-safe. The work is done by
 * {@link TextValues} (text), {@link NumberValues} (numbers) and {@link ValueMessages} (what messages say).
 *
 * <p>Not Jackson's {@code ObjectMapper.convertValue}: measured on the common types (String, Integer, Long,
 * Boolean, LocalDate, BigDecimal) it costs 4 to 300 times as much per value, since it serializes every value
 * into a token buffer and back, even one already of the type; and it changes what is accepted: "" becomes
 * null, 1 becomes true, "2026-01-31T08:00" a LocalDate, 1e300 an infinite float, and 1.5 an int 1 (or,
 * made strict, 3.0 is no longer the int 3). The JDK's parsers do the parsing.
 */
public final class ValueConverter {
  private static final Map<Class<?>, Class<?>> WRAPPERS = Map.of(
      int.class, Integer.class, long.class, Long.class, short.class, Short.class, byte.class, Byte.class,
      double.class, Double.class, float.class, Float.class, boolean.class, Boolean.class, char.class, Character.class);

  private ValueConverter() {}

  /** Why a raw value cannot become the wanted type; the message reads after the field name. */
  public static final class ConversionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConversionException(String message) {
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
   * {@code raw}, an id as a JSON body carries it, converted to {@code idType} as by {@link #convert}; an id given
   * as text for a numeric or UUID id must be written in canonical form, as in a URL, so that {@code "04"} names
   * no record that {@code /tasks/04} does not.
   *
   * @throws ConversionException naming the value and its canonical form
   */
  public static Object convertBodyId(Object raw, Class<?> idType) {
    Object id = convert(raw, idType);
    String notCanonical = notCanonical(id, raw);
    if (notCanonical != null) {
      throw new ConversionException(notCanonical);
    }
    return id;
  }

  /**
   * Why {@code raw}, an id as a body carries it, is not the canonical text of {@code id}, what it was converted to,
   * or null when it is, or is no text, or {@code id} is text itself.
   */
  public static String notCanonical(Object id, Object raw) {
    if (!(raw instanceof String) || id == null || id instanceof String || isCanonical(id, (String) raw)) {
      return null;
    }
    return "'" + raw + "' is not written in canonical form; write " + id
        + (id instanceof java.util.UUID ? " (no spaces, the usual grouping)" : " (no plus sign, spaces or leading zeros)");
  }

  /**
   * Why {@code raw}, text read as the whole number {@code value}, is not written as the number is (a plus sign,
   * spaces or leading zeros: {@code "+3"}, {@code "03"}, {@code "3 "}), or null when it is or {@code value} is no
   * whole number; likewise a boolean with spaces around it ({@code "true "}). A query string writes each number
   * and each boolean one way, as a URL writes an id.
   */
  public static String notAsWritten(Object value, String raw) {
    if (value instanceof Boolean && !raw.equals(raw.strip())) {
      // 'true ' matched what true does, while '3 ' was refused: a boolean is written one way too
      return "'" + raw + "' is not written as a boolean is; write " + value + " (true or false, without spaces"
          + " around it)";
    }
    if (!wholeNumber(value) || value.toString().equals(raw)) {
      return null;
    }
    return "'" + raw + "' is not written as a whole number is; write " + value
        + " (digits with an optional minus sign: no plus sign, spaces or leading zeros)";
  }

  /**
   * True when {@code raw} is the canonical text of {@code id}: a whole number as Java writes it, a UUID in its
   * usual grouping (either case of its hex digits, RFC 9562), anything else without surrounding spaces.
   */
  public static boolean isCanonical(Object id, String raw) {
    if (id instanceof java.util.UUID) {
      return id.toString().equalsIgnoreCase(raw);
    }
    if (wholeNumber(id)) {
      return id.toString().equals(raw);
    }
    return raw.equals(raw.strip());
  }

  private static boolean wholeNumber(Object value) {
    return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
        || value instanceof java.math.BigInteger;
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
        return TextValues.parse(((String) raw).strip(), (String) raw, target);
      }
      if (raw instanceof Number) {
        return NumberValues.convert((Number) raw, target);
      }
      if (raw instanceof Boolean && target == String.class) {
        return raw.toString();
      }
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      throw ValueMessages.invalid(raw, target);
    }
    throw ValueMessages.invalid(raw, target);
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
    return ValueMessages.jsonMismatch(raw, type);
  }

  /** What a value of {@code type} looks like in JSON, for messages: "a string", "a whole number", "true or false". */
  public static String expected(Class<?> type) {
    return ValueMessages.expected(type);
  }

  /** How a JSON value reads in a message: "the boolean true", "the number 3", "an object", "the string \"x\"". */
  public static String describe(Object value) {
    return ValueMessages.describe(value);
  }

  /** {@code text} cut to a length a message can quote, marked with an ellipsis when cut. */
  public static String shorten(String text) {
    return ValueMessages.shorten(text);
  }
}
