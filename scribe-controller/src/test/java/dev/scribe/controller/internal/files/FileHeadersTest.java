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
    assertThat(Instant.from(FileHeaders.HTTP_DATE.parse(date)).toEpochMilli()).isEqualTo(millis);
  }

  @Test
  void theDispositionIsAnAttachmentWithAnAsciiNameAndTheExactOneInUtf8() {
    assertThat(FileHeaders.attachment("notes.txt")).isEqualTo("attachment; filename=\"notes.txt\"; filename*=UTF-8''notes.txt");
    assertThat(FileHeaders.attachment("été \"v2\".txt")).isEqualTo(
        "attachment; filename=\"_t_ _v2_.txt\"; filename*=UTF-8''%C3%A9t%C3%A9%20%22v2%22.txt");
  }
}
