package dev.scribe.entity.internal.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

class IsoDatesTest {

  @Test
  void everyDayOfLeapAndCommonYearsReadsAsTheJdkReadsIt() {
    for (LocalDate day = LocalDate.of(1999, 12, 1); day.isBefore(LocalDate.of(2001, 3, 2)); day = day.plusDays(1)) {
      assertThat(IsoDates.parse(day.toString())).isEqualTo(LocalDate.parse(day.toString()));
    }
    for (String text : List.of("0000-01-01", "0001-02-28", "1900-03-01", "2024-02-29", "9999-12-31")) {
      assertThat(IsoDates.parse(text)).isEqualTo(LocalDate.parse(text));
    }
  }

  @Test
  void otherFormsAreTheJdksToAcceptOrRefuse() {
    assertThat(IsoDates.parse("+12026-01-31")).isEqualTo(LocalDate.parse("+12026-01-31"));
    assertThat(IsoDates.parse("-0001-01-31")).isEqualTo(LocalDate.parse("-0001-01-31"));
    for (String text : List.of("2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10", "2026-01-00", "2026-04-31",
        "2026-1-01", "2026-01-1", "2026/01/31", "2026-01-3x", "+026-01-31", "2026-01-31T", "２０２６-01-31",
        "2026-٠1-31", "")) {
      String expected = messageOf(() -> LocalDate.parse(text));
      assertThatThrownBy(() -> IsoDates.parse(text)).isInstanceOf(DateTimeParseException.class).hasMessage(expected);
    }
  }

  private static String messageOf(Runnable parse) {
    try {
      parse.run();
    } catch (DateTimeParseException e) {
      return e.getMessage();
    }
    throw new AssertionError("the JDK accepted it");
  }
}
