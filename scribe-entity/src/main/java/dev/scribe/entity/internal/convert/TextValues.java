package dev.scribe.entity.internal.convert;

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
import java.util.List;
import java.util.UUID;

/**
 * Text (a query-string value, a JSON string) to an attribute's type. Each type is parsed by the JDK's own
 * strict parser: Jackson's {@code convertValue} takes "" as null, a date-time as a {@code LocalDate} and costs
 * 4 to 35 times as much per value, so it does not stand in here. A date in its common form {@code yyyy-MM-dd} is
 * read by {@link IsoDates}, which accepts and refuses what {@code LocalDate.parse} does, without its formatter.
 */
public final class TextValues {
  /** The most digits a whole number may have before it is refused as out of range without being computed. */
  static final int MAX_WHOLE_DIGITS = 1000;

  private TextValues() {}

  /** True when every character of {@code text} is one a decimal number written in ASCII may have. */
  private static boolean asciiNumber(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c > 0x7f) {
        return false;
      }
    }
    return true;
  }

  /** Only digits, with a sign: text that is a whole number, whatever its size. */
  private static final java.util.regex.Pattern DIGITS = java.util.regex.Pattern.compile("[+-]?[0-9]+");

  /** {@code text} as a Long, Integer, Short or Byte; digits too many for it are out of range, not malformed. */
  private static Object whole(String text, String raw, Class<?> target) {
    try {
      if (target == Long.class) {
        return Long.valueOf(text);
      }
      if (target == Integer.class) {
        return Integer.valueOf(text);
      }
      if (target == Short.class) {
        return Short.valueOf(text);
      }
      return Byte.valueOf(text);
    } catch (NumberFormatException e) {
      if (DIGITS.matcher(text).matches()) {
        throw ValueMessages.outOfRange(raw, target);
      }
      throw e;
    }
  }

  /**
   * {@code text} (the stripped {@code raw}) as a {@code target}, a wrapper or a non-primitive type.
   *
   * @throws ConversionException for text that is not one, naming the value and the type
   * @throws NumberFormatException or {@link java.time.format.DateTimeParseException} for malformed numbers
   *     and dates, which the caller reports as not valid
   */
  public static Object parse(String text, String raw, Class<?> target) {
    return DateRange.check(parseUnchecked(text, raw, target), raw, target);
  }

  private static Object parseUnchecked(String text, String raw, Class<?> target) {
    if (target == String.class) {
      return raw;
    }
    if (Number.class.isAssignableFrom(target) && !asciiNumber(text)) {
      // Java's parsers read other scripts' digits ("٣", "３") as numbers: an id or a value written so is refused
      throw new NumberFormatException(text);
    }
    if (target == Long.class || target == Integer.class || target == Short.class || target == Byte.class) {
      return whole(text, raw, target);
    }
    if ((target == BigDecimal.class || target == BigInteger.class) && text.length() > MAX_WHOLE_DIGITS) {
      throw ValueMessages.outOfRange(raw, target);
    }
    if (target == BigDecimal.class) {
      return new BigDecimal(text);
    }
    if (target == BigInteger.class) {
      return new BigInteger(text);
    }
    if (target == Double.class || target == Float.class) {
      // read as the decimal it is written as: Double.valueOf took NaN, Infinity, 0x1p3 and 1.5d, made 1e400
      // Infinity and 2e-400 zero; the number's own checks then say which it is
      return NumberValues.floating(new BigDecimal(text), raw, target);
    }
    if (target == Boolean.class) {
      if (text.equalsIgnoreCase("true")) {
        return Boolean.TRUE;
      }
      if (text.equalsIgnoreCase("false")) {
        return Boolean.FALSE;
      }
      throw new ConversionException(ValueMessages.quote(raw) + " is not a valid Boolean; use true or false");
    }
    if (target == LocalDate.class) {
      return IsoDates.parse(text);
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
        throw ValueMessages.invalid(raw, target);
      }
    }
    if (target == Character.class && text.length() == 1) {
      return text.charAt(0);
    }
    if (target.isEnum()) {
      return enumConstant(text, raw, target);
    }
    throw ValueMessages.invalid(raw, target);
  }

  /** The constant named {@code text} exactly, else ignoring case; the message lists the names when none is. */
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
    throw new ConversionException(ValueMessages.quote(raw) + " is not a valid " + target.getSimpleName() + "; allowed: "
        + String.join(", ", names));
  }
}
