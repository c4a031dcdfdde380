package dev.scribe.controller.internal.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The headers a download writes by itself: its date and its disposition. */
class FileHeadersTest {

  @Test
  void anHttpDateHasATwoDigitDayAndReadsBack() {
    long millis = Instant.parse("2026-12-05T06:16:42Z").toEpochMilli();

    String date = FileHeaders.httpDate(millis);

    assertThat(date).isEqualTo("Sat, 05 Dec 2026 06:16:42 GMT");
    assertThat(HttpDates.parse(date).toEpochMilli()).isEqualTo(millis);
  }

  @Test
  void theThreeFormsOfAnHttpDateAreRead() {
    Instant instant = Instant.parse("1994-11-06T08:49:37Z");

    assertThat(HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT")).isEqualTo(instant);
    // the obsolete forms, which RFC 9110 §5.6.7 says a recipient must read too: before, they were no date at all
    assertThat(HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT")).isEqualTo(instant);
    assertThat(HttpDates.parse("Sun Nov  6 08:49:37 1994")).isEqualTo(instant);
    assertThat(HttpDates.parse("Sun Nov 16 08:49:37 1994")).isEqualTo(Instant.parse("1994-11-16T08:49:37Z"));
    assertThat(HttpDates.parse("not a date")).isNull();
    assertThat(HttpDates.parse("Sunday, 31-Feb-94 08:49:37 GMT")).as("no such day").isNull();
    assertThat(HttpDates.parse("Sun Nov  6 25:49:37 1994")).as("no such hour").isNull();
  }

  @Test
  void aTwoDigitYearMoreThanFiftyYearsAheadIsTheOneACenturyBefore() {
    int now = java.time.LocalDate.now(java.time.ZoneOffset.UTC).getYear();
    int sameYear = now % 100;
    int fiftyOneAhead = (now + 51) % 100;

    assertThat(HttpDates.twoDigitYear(sameYear)).isEqualTo(now);
    assertThat(HttpDates.twoDigitYear(fiftyOneAhead)).isEqualTo(now + 51 - 100);
  }

  @Test
  void theDispositionIsAnAttachmentWithAnAsciiNameAndTheExactOneInUtf8() {
    assertThat(FileHeaders.attachment("notes.txt")).isEqualTo("attachment; filename=\"notes.txt\"; filename*=UTF-8''notes.txt");
    assertThat(FileHeaders.attachment("été \"v2\".txt")).isEqualTo(
        "attachment; filename=\"_t_ _v2_.txt\"; filename*=UTF-8''%C3%A9t%C3%A9%20%22v2%22.txt");
  }
}
