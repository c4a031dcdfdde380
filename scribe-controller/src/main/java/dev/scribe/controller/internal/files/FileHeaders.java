package dev.scribe.controller.internal.files;

import dev.scribe.controller.ControllerTier;
import dev.scribe.controller.internal.action.ActionCall;
import dev.scribe.core.Veto;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** The conditional headers of the file actions: {@code If-Match}, {@code If-None-Match}, {@code If-Modified-Since}, {@code If-Range}. */
final class FileHeaders {
  /** Reads an HTTP date, with a one- or two-digit day. */
  static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
  /**
   * Writes an HTTP date as RFC 9110 (IMF-fixdate) requires, with a two-digit day: Java's RFC 1123 formatter
   * writes {@code Sat, 5 Dec 2026}, which is not one.
   */
  private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
      java.util.Locale.US).withZone(ZoneOffset.UTC);

  private FileHeaders() {}

  /**
   * {@code Content-Disposition: attachment} naming the file (RFC 6266): an ASCII {@code filename} for old
   * clients, the exact name as {@code filename*} in UTF-8.
   */
  static String attachment(String name) {
    StringBuilder ascii = new StringBuilder(name.length());
    StringBuilder encoded = new StringBuilder(name.length() * 3);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '_');
    }
    for (byte b : name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$&+-.^_`|~".indexOf(c) >= 0;
      if (plain) {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
  }

  /** The HTTP date of {@code millis} since the epoch: {@code Sat, 05 Dec 2026 06:16:42 GMT}. */
  static String httpDate(long millis) {
    return IMF_FIXDATE.format(Instant.ofEpochMilli(millis));
  }

  /** {@code If-Match} (412 unless one of its strong tags is the file's) and {@code If-None-Match: *} (412 when it exists). */
  static void preconditions(ActionCall call, Attachment existing) {
    String ifMatch = call.request.header("If-Match");
    if (ifMatch != null && (existing == null || !(ifMatch.strip().equals("*") || tags(ifMatch).contains(existing.etag())))) {
      throw new Veto(412, existing == null ? "If-Match was sent, but '" + call.args.get(ControllerTier.FILE_NAME) + "' does not exist"
          : "the file '" + existing.name() + "' has changed: its ETag is " + existing.etag() + ", not " + ifMatch.strip()
              + "; download it again and resend with its current ETag");
    }
    String ifNoneMatch = call.request.header("If-None-Match");
    if (ifNoneMatch != null && ifNoneMatch.strip().equals("*") && existing != null) {
      throw new Veto(412, "the file '" + existing.name() + "' exists already, and If-None-Match: * asks not to replace it");
    }
  }

  /** {@code If-None-Match} (weak comparison) or, without it, {@code If-Modified-Since} (seconds). */
  static boolean notModified(ActionCall call, Attachment file) {
    String ifNoneMatch = call.request.header("If-None-Match");
    if (ifNoneMatch != null) {
      return ifNoneMatch.strip().equals("*") || weakTags(ifNoneMatch).contains(file.etag());
    }
    String since = call.request.header("If-Modified-Since");
    if (since != null) {
      try {
        long seconds = Instant.from(HTTP_DATE.parse(since.strip())).getEpochSecond();
        return file.modifiedMillis() / 1000 <= seconds;
      } catch (DateTimeParseException ignored) {
        return false;
      }
    }
    return false;
  }

  /** {@code If-Range}: the range applies only when it names the current ETag (or the current date). */
  static boolean ifRangeHolds(ActionCall call, Attachment file) {
    String ifRange = call.request.header("If-Range");
    if (ifRange == null) {
      return true;
    }
    String value = ifRange.strip();
    if (value.startsWith("\"")) {
      return value.equals(file.etag());
    }
    try {
      return Instant.from(HTTP_DATE.parse(value)).getEpochSecond() == file.modifiedMillis() / 1000;
    } catch (DateTimeParseException ignored) {
      return false;
    }
  }

  private static List<String> tags(String header) {
    List<String> tags = new ArrayList<>();
    for (String tag : header.split(",")) {
      tags.add(tag.strip());
    }
    return tags;
  }

  private static List<String> weakTags(String header) {
    List<String> tags = new ArrayList<>();
    for (String tag : tags(header)) {
      tags.add(tag.startsWith("W/") ? tag.substring(2) : tag);
    }
    return tags;
  }
}
