package dev.scribe.entity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ValueConverterTest {
  enum Color { RED, GREEN }

  @Test
  void stringsBecomeTheWantedType() {
    assertThat(ValueConverter.convert("42", Long.class)).isEqualTo(42L);
    assertThat(ValueConverter.convert(" 7 ", int.class)).isEqualTo(7);
    assertThat(ValueConverter.convert("3", short.class)).isEqualTo((short) 3);
    assertThat(ValueConverter.convert("1.50", BigDecimal.class)).isEqualTo(new BigDecimal("1.50"));
    assertThat(ValueConverter.convert("12345678901234567890", BigInteger.class)).isEqualTo(new BigInteger("12345678901234567890"));
    assertThat(ValueConverter.convert("2.5", Double.class)).isEqualTo(2.5);
    assertThat(ValueConverter.convert("false", boolean.class)).isEqualTo(false);
    assertThat(ValueConverter.convert("2026-01-31", LocalDate.class)).isEqualTo(LocalDate.of(2026, 1, 31));
    assertThat(ValueConverter.convert("2026-01-31T08:00", LocalDateTime.class)).isEqualTo(LocalDateTime.of(2026, 1, 31, 8, 0));
    assertThat(ValueConverter.convert("2026-01-31T08:00:00Z", Instant.class)).isEqualTo(Instant.parse("2026-01-31T08:00:00Z"));
    assertThat(ValueConverter.convert("green", Color.class)).isEqualTo(Color.GREEN);
    UUID uuid = UUID.randomUUID();
    assertThat(ValueConverter.convert(uuid.toString(), UUID.class)).isEqualTo(uuid);
  }

  @Test
  void numbersBecomeTheWantedNumberWhenTheyFit() {
    assertThat(ValueConverter.convert(3, Long.class)).isEqualTo(3L);
    assertThat(ValueConverter.convert(3.0, Integer.class)).isEqualTo(3);
    assertThat(ValueConverter.convert(3, BigDecimal.class)).isEqualTo(BigDecimal.valueOf(3));
    assertThat(ValueConverter.convert(0.1, BigDecimal.class)).isEqualTo(new BigDecimal("0.1"));
    assertThat(ValueConverter.convert(1_700_000_000_000L, Instant.class)).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
    assertThat(ValueConverter.convert(5, String.class)).isEqualTo("5");
  }

  @Test
  void valuesOfTheRightTypeAndNullPassThrough() {
    LocalDate date = LocalDate.now();
    assertThat(ValueConverter.convert(date, LocalDate.class)).isSameAs(date);
    assertThat(ValueConverter.convert(null, Long.class)).isNull();
  }

  @Test
  void failuresNameTheValueAndTheType() {
    assertThatThrownBy(() -> ValueConverter.convert("abc", Long.class)).hasMessage("'abc' is not a valid Long");
    assertThatThrownBy(() -> ValueConverter.convert(2.5, Long.class))
        .hasMessage("'2.5' is not a valid Long; it must be a whole number");
    assertThatThrownBy(() -> ValueConverter.convert(300, Byte.class)).hasMessage("'300' is not a valid Byte; it is out of range; expected a whole number between -128 and 127");
    assertThatThrownBy(() -> ValueConverter.convert("blue", Color.class))
        .hasMessage("'blue' is not a valid Color; allowed: RED, GREEN");
    assertThatThrownBy(() -> ValueConverter.convert("maybe", Boolean.class))
        .hasMessage("'maybe' is not a valid Boolean; use true or false");
    assertThatThrownBy(() -> ValueConverter.convert(1, Boolean.class)).hasMessage("'1' is not a valid Boolean");
    assertThatThrownBy(() -> ValueConverter.convert(null, int.class)).hasMessage("null is not allowed; send a whole number");
    assertThatThrownBy(() -> ValueConverter.convert("31.01.2026", LocalDate.class))
        .isInstanceOf(ValueConverter.ConversionException.class)
        .hasMessage("'31.01.2026' is not a valid LocalDate; use ISO-8601, such as 2026-03-01");
    // the offset's + came through a URL query unescaped, as a space
    assertThatThrownBy(() -> ValueConverter.convert("2026-02-28T00:00:00 02:00", java.time.OffsetDateTime.class))
        .hasMessage("'2026-02-28T00:00:00 02:00' is not a valid OffsetDateTime; use ISO-8601, such as"
            + " 2026-03-01T09:30:00+02:00 (in a URL, send + as %2B)");
  }

  /** Where a general-purpose converter (Jackson's {@code convertValue}) would coerce, the converter refuses. */
  @Test
  void nothingIsCoercedThatTheClientDidNotMean() {
    assertThatThrownBy(() -> ValueConverter.convert("", Integer.class)).hasMessage("'' is not a valid Integer");
    assertThatThrownBy(() -> ValueConverter.convert("", LocalDate.class)).hasMessage("'' is not a valid LocalDate; use ISO-8601, such as 2026-03-01");
    assertThatThrownBy(() -> ValueConverter.convert("2026-01-31T08:00", LocalDate.class))
        .hasMessage("'2026-01-31T08:00' is not a valid LocalDate; use ISO-8601, such as 2026-03-01");
    assertThatThrownBy(() -> ValueConverter.convert(1.5, int.class))
        .hasMessage("'1.5' is not a valid Integer; it must be a whole number");
    assertThatThrownBy(() -> ValueConverter.convert(1e300, Float.class))
        .hasMessage("'1.0E300' is not a valid Float; it is out of range; expected a number between -3.4028235E38 and"
            + " 3.4028235E38");
    assertThatThrownBy(() -> ValueConverter.convert("99999999999", Integer.class))
        .hasMessage("'99999999999' is not a valid Integer; it is out of range; expected a whole number between"
            + " -2147483648 and 2147483647");
    assertThat(ValueConverter.convert("Green", Color.class)).isEqualTo(Color.GREEN);
  }

  // a client told only "out of range" has to guess the range; each type's bounds are said, as the CSV import says them
  @Test
  void aNumberOutOfRangeSaysTheRangeOfItsType() {
    assertThatThrownBy(() -> ValueConverter.convert(99_999_999_999L, int.class))
        .hasMessage("'99999999999' is not a valid Integer; it is out of range; expected a whole number between"
            + " -2147483648 and 2147483647");
    assertThatThrownBy(() -> ValueConverter.convert(new BigDecimal("99999999999999999999"), long.class))
        .hasMessage("'99999999999999999999' is not a valid Long; it is out of range; expected a whole number between"
            + " -9223372036854775808 and 9223372036854775807");
    assertThatThrownBy(() -> ValueConverter.convert(-40_000, short.class))
        .hasMessage("'-40000' is not a valid Short; it is out of range; expected a whole number between -32768 and 32767");
    assertThatThrownBy(() -> ValueConverter.convert(-129, Byte.class))
        .hasMessage("'-129' is not a valid Byte; it is out of range; expected a whole number between -128 and 127");
    // as text, in a URL's filter or id: digits that would fit another type are out of range, not malformed
    assertThatThrownBy(() -> ValueConverter.convert("-99999999999", Integer.class))
        .hasMessage("'-99999999999' is not a valid Integer; it is out of range; expected a whole number between"
            + " -2147483648 and 2147483647");
    assertThatThrownBy(() -> ValueConverter.convert("+300", Byte.class))
        .hasMessage("'+300' is not a valid Byte; it is out of range; expected a whole number between -128 and 127");
    assertThatThrownBy(() -> ValueConverter.convert("1" + "0".repeat(1000), java.math.BigInteger.class))
        .hasMessageEndingWith("is not a valid BigInteger; it is out of range; expected a whole number of at most 1000"
            + " digits");
    assertThatThrownBy(() -> ValueConverter.convert("3x", Integer.class)).hasMessage("'3x' is not a valid Integer");
  }

  @Test
  void datesAndTimesOutsideTheYears1To9999AreOutOfRange() {
    // every SQL database stores these years; PostgreSQL refuses timestamps past 294276 and before 4713 BC
    assertThatThrownBy(() -> ValueConverter.convert("+300000-01-01T00:00:00Z", Instant.class))
        .hasMessage("'+300000-01-01T00:00:00Z' is not a valid Instant; it is out of range: dates and times run from"
            + " 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z");
    assertThatThrownBy(() -> ValueConverter.convert("0000-12-31T23:59:59Z", Instant.class))
        .hasMessageContaining("it is out of range");
    assertThatThrownBy(() -> ValueConverter.convert(Long.MAX_VALUE, Instant.class))
        .hasMessageContaining("it is out of range");
    assertThatThrownBy(() -> ValueConverter.convert("-4713-01-01T00:00:00", LocalDateTime.class))
        .hasMessage("'-4713-01-01T00:00:00' is not a valid LocalDateTime; it is out of range: dates and times run"
            + " from 0001-01-01T00:00 to 9999-12-31T23:59:59.999999999");
    assertThatThrownBy(() -> ValueConverter.convert("+10000-01-01", LocalDate.class))
        .hasMessage("'+10000-01-01' is not a valid LocalDate; it is out of range: dates run from 0001-01-01 to"
            + " 9999-12-31");
    assertThatThrownBy(() -> ValueConverter.convert("9999-12-31T23:00:00-02:00", java.time.OffsetDateTime.class))
        .as("in UTC, the first hour of the year 10000").hasMessageContaining("it is out of range");
    assertThat(ValueConverter.convert("0001-01-01T00:00:00Z", Instant.class)).isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
    assertThat(ValueConverter.convert("9999-12-31", LocalDate.class)).isEqualTo(LocalDate.of(9999, 12, 31));
  }

  @Test
  void hugeNumbersAreRefusedWithoutBeingExpanded() {
    assertThatThrownBy(() -> ValueConverter.convert(new BigDecimal("1e999999999"), int.class))
        .hasMessage("'1E+999999999' is not a valid Integer; it is out of range; expected a whole number between"
            + " -2147483648 and 2147483647");
    assertThatThrownBy(() -> ValueConverter.convert(new BigDecimal("1e-999999999"), long.class))
        .hasMessage("'1E-999999999' is not a valid Long; it must be a whole number");
    assertThatThrownBy(() -> ValueConverter.convert(new BigDecimal("1e400"), Double.class))
        .hasMessage("'1E+400' is not a valid Double; it is out of range; expected a number between"
            + " -1.7976931348623157E308 and 1.7976931348623157E308");
    assertThat(ValueConverter.convert(new BigDecimal("3.000"), int.class)).isEqualTo(3);
    assertThat(ValueConverter.convert(new BigDecimal("0E-999999999"), int.class)).isEqualTo(0);
  }

  @Test
  void jsonValuesMustHaveTheAttributesJsonType() {
    assertThat(ValueConverter.jsonMismatch(true, String.class)).isEqualTo("must be a string, not the boolean true");
    assertThat(ValueConverter.jsonMismatch(9199039280337L, String.class)).isEqualTo("must be a string, not the number 9199039280337");
    assertThat(ValueConverter.jsonMismatch("3", int.class)).isEqualTo("must be a whole number, not the string \"3\"");
    assertThat(ValueConverter.jsonMismatch("true", boolean.class)).isEqualTo("must be true or false, not the string \"true\"");
    assertThat(ValueConverter.jsonMismatch(null, int.class)).isEqualTo("must be a whole number, not null");
    assertThat(ValueConverter.jsonMismatch(java.util.Map.of(), Color.class))
        .isEqualTo("must be one of the strings RED, GREEN, not an object");
    assertThat(ValueConverter.jsonMismatch(3, int.class)).isNull();
    assertThat(ValueConverter.jsonMismatch(new BigDecimal("2.5"), double.class)).isNull();
    assertThat(ValueConverter.jsonMismatch("2026-01-31", LocalDate.class)).isNull();
    assertThat(ValueConverter.jsonMismatch(null, String.class)).isNull();
  }
}
