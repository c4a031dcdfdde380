package dev.scribe.entity.internal.convert;

import dev.scribe.entity.internal.ValueConverter.ConversionException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The years a converted date or date-time may fall in: 1 to 9999, the range SQL's datetime types are defined
 * over. Databases store different ranges beyond it (PostgreSQL's timestamps end in 294276 and begin in 4713 BC,
 * H2's go much further), so a value outside it failed in one database and was stored by another; refused here,
 * it is the same 400 naming the field on every database, in a filter as in a body.
 */
final class DateRange {
  private static final int FIRST_YEAR = 1;
  private static final int LAST_YEAR = 9999;

  private DateRange() {}

  /** {@code value}, converted from {@code raw}, or an out-of-range refusal naming the range. */
  static Object check(Object value, Object raw, Class<?> target) {
    int year;
    String range;
    if (value instanceof LocalDate) {
      year = ((LocalDate) value).getYear();
      range = "dates run from 0001-01-01 to 9999-12-31";
    } else if (value instanceof LocalDateTime) {
      year = ((LocalDateTime) value).getYear();
      range = "dates and times run from 0001-01-01T00:00 to 9999-12-31T23:59:59.999999999";
    } else if (value instanceof Instant) {
      year = yearInUtc((Instant) value);
      range = "dates and times run from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z";
    } else if (value instanceof OffsetDateTime) {
      year = yearInUtc(((OffsetDateTime) value).toInstant());
      range = "dates and times run from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z, in UTC";
    } else if (value instanceof ZonedDateTime) {
      year = yearInUtc(((ZonedDateTime) value).toInstant());
      range = "dates and times run from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z, in UTC";
    } else {
      return value;
    }
    if (year < FIRST_YEAR || year > LAST_YEAR) {
      throw new ConversionException(ValueMessages.quote(raw) + " is not a valid " + target.getSimpleName()
          + "; it is out of range: " + range);
    }
    return value;
  }

  private static int yearInUtc(Instant instant) {
    // Instant.MIN and MAX lie within LocalDateTime's range, so this never overflows
    return instant.atOffset(ZoneOffset.UTC).getYear();
  }
}
