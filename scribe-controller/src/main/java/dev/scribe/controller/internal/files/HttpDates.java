package dev.scribe.controller.internal.files;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an HTTP date in the three forms RFC 9110 §5.6.7 says a recipient must accept: the IMF-fixdate
 * ({@code Sun, 06 Nov 1994 08:49:37 GMT}) and the obsolete RFC 850 ({@code Sunday, 06-Nov-94 08:49:37 GMT}) and
 * asctime ({@code Sun Nov  6 08:49:37 1994}) forms, which older clients and caches still send. A date read as
 * invalid makes a condition be ignored, and an ignored {@code If-Unmodified-Since} lets a write replace a file that
 * changed: each form the RFC names has to be read.
 */
final class HttpDates {
  /** The IMF-fixdate, with a one- or two-digit day. */
  static final DateTimeFormatter IMF = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private static final String MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec";
  private static final List<String> MONTH_NAMES = List.of(MONTHS.split("\\|"));
  private static final Pattern RFC_850 = Pattern.compile(
      "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-(" + MONTHS
          + ")-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2}) GMT");
  private static final Pattern ASCTIME = Pattern.compile(
      "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (" + MONTHS + ") ([ \\d]\\d) (\\d{2}):(\\d{2}):(\\d{2}) (\\d{4})");

  private HttpDates() {}

  /** The instant {@code value} names, or null when it is none of the three forms. */
  static Instant parse(String value) {
    String text = value.strip();
    try {
      return Instant.from(IMF.parse(text));
    } catch (DateTimeException notImf) {
      // one of the obsolete forms, or no date
    }
    try {
      Matcher rfc850 = RFC_850.matcher(text);
      if (rfc850.matches()) {
        return at(twoDigitYear(Integer.parseInt(rfc850.group(3))), rfc850.group(2), rfc850.group(1), rfc850, 4);
      }
      Matcher asctime = ASCTIME.matcher(text);
      if (asctime.matches()) {
        return at(Integer.parseInt(asctime.group(6)), asctime.group(1), asctime.group(2), asctime, 3);
      }
    } catch (DateTimeException impossible) {
      // a day or time that does not exist (31-Feb, 25:00): no date, as for an IMF-fixdate
    }
    return null;
  }

  private static Instant at(int year, String month, String day, Matcher time, int hourGroup) {
    return LocalDateTime.of(year, MONTH_NAMES.indexOf(month) + 1, Integer.parseInt(day.strip()),
        Integer.parseInt(time.group(hourGroup)), Integer.parseInt(time.group(hourGroup + 1)),
        Integer.parseInt(time.group(hourGroup + 2))).toInstant(ZoneOffset.UTC);
  }

  /**
   * The year of an RFC 850 date's two digits: the one in this century, unless that is more than 50 years ahead,
   * then the one a century before (RFC 9110 §5.6.7).
   */
  static int twoDigitYear(int twoDigits) {
    int now = LocalDateTime.now(ZoneOffset.UTC).getYear();
    int year = now - now % 100 + twoDigits;
    return year > now + 50 ? year - 100 : year;
  }
}
