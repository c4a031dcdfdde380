package dev.scribe.entity.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Date-times cut to the microsecond, the finest fraction of a second the timestamp columns Hibernate creates
 * keep. The database rounds a finer value, and rounding carries: on PostgreSQL
 * {@code 2026-12-31T23:59:59.9999999} became the next year and {@code 9999-12-31T23:59:59.9999999} the year
 * 10000, beyond the range a value may be given in, while the answer showed the value as sent. Cut, a value
 * keeps its day and year, and the entity holds what is stored.
 */
final class Microseconds {
  private Microseconds() {}

  /** {@code value} without its digits below the microsecond when it is a date-time that has them; else itself. */
  static Object cut(Object value) {
    if (value instanceof Instant) {
      Instant instant = (Instant) value;
      return instant.getNano() % 1000 == 0 ? instant : instant.truncatedTo(ChronoUnit.MICROS);
    }
    if (value instanceof LocalDateTime) {
      LocalDateTime time = (LocalDateTime) value;
      return time.getNano() % 1000 == 0 ? time : time.truncatedTo(ChronoUnit.MICROS);
    }
    if (value instanceof OffsetDateTime) {
      OffsetDateTime time = (OffsetDateTime) value;
      return time.getNano() % 1000 == 0 ? time : time.truncatedTo(ChronoUnit.MICROS);
    }
    if (value instanceof ZonedDateTime) {
      ZonedDateTime time = (ZonedDateTime) value;
      return time.getNano() % 1000 == 0 ? time : time.truncatedTo(ChronoUnit.MICROS);
    }
    return value;
  }
}
