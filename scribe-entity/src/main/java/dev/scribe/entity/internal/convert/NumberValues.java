package dev.scribe.entity.internal.convert;

import dev.scribe.entity.internal.ValueConverter.ConversionException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;

/**
 * A number (from JSON: Integer, Long, Double, BigDecimal...) to an attribute's type, refusing what would
 * change it: a fraction for a whole type ({@code 1.5} is not an int, {@code 3.0} is 3), a value out of the
 * type's range, an infinite double, a number too close to zero for a double or float (it would be 0). Hand-written because Jackson's {@code convertValue} either truncates
 * {@code 1.5} to 1 or, strict, refuses {@code 3.0}, and turns {@code 1e300} into an infinite float.
 */
public final class NumberValues {
  private NumberValues() {}

  /**
   * {@code number} as a {@code target}, a wrapper or a non-primitive type.
   *
   * @throws ConversionException naming the value, the type and, where it helps, the rule it breaks
   */
  public static Object convert(Number number, Class<?> target) {
    if (target == String.class) {
      return number.toString();
    }
    if (target == Double.class || target == Float.class) {
      return floating(number, number, target);
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
      return wholeOfType(whole(decimal, number, target), number, target);
    }
    if (target == Instant.class) {
      return DateRange.check(Instant.ofEpochMilli(whole(decimal, number, target).longValueExact()), number, target);
    }
    throw ValueMessages.invalid(number, target);
  }

  /**
   * {@code number} as a Double or Float ({@code target}), refused naming {@code raw} when that type would hold it
   * as something else: infinite, or 0 for a number that is not zero.
   */
  static Object floating(Number number, Object raw, Class<?> target) {
    if (target == Double.class) {
      double value = number.doubleValue();
      if (Double.isInfinite(value)) {
        throw ValueMessages.outOfRange(raw, target);
      }
      if (value == 0 && !isZero(number)) {
        throw ValueMessages.tooCloseToZero(raw, target, Double.MIN_VALUE);
      }
      return value;
    }
    float value = number.floatValue();
    if (Float.isInfinite(value)) {
      throw ValueMessages.outOfRange(raw, target);
    }
    if (value == 0 && !isZero(number)) {
      throw ValueMessages.tooCloseToZero(raw, target, Float.MIN_VALUE);
    }
    return value;
  }

  /** True when {@code number} is zero itself, not a number a double or float cannot tell from zero. */
  private static boolean isZero(Number number) {
    if (number instanceof BigDecimal) {
      return ((BigDecimal) number).signum() == 0;
    }
    if (number instanceof BigInteger) {
      return ((BigInteger) number).signum() == 0;
    }
    return number.doubleValue() == 0;
  }

  private static Object wholeOfType(BigInteger whole, Number number, Class<?> target) {
    if (target == BigInteger.class) {
      return whole;
    }
    long value;
    try {
      value = whole.longValueExact();
    } catch (ArithmeticException e) {
      throw ValueMessages.outOfRange(number, target);
    }
    if (target == Long.class) {
      return value;
    }
    if (target == Integer.class) {
      if (value != (int) value) {
        throw ValueMessages.outOfRange(number, target);
      }
      return (int) value;
    }
    if (target == Short.class) {
      if (value != (short) value) {
        throw ValueMessages.outOfRange(number, target);
      }
      return (short) value;
    }
    if (value != (byte) value) {
      throw ValueMessages.outOfRange(number, target);
    }
    return (byte) value;
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
      throw new ConversionException(ValueMessages.quote(number) + " is not a valid " + target.getSimpleName()
          + "; it must be a whole number");
    }
    if ((long) stripped.precision() - stripped.scale() > TextValues.MAX_WHOLE_DIGITS) {
      throw ValueMessages.outOfRange(number, target);
    }
    return stripped.toBigInteger();
  }
}
