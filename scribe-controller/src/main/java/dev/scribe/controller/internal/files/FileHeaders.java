package dev.scribe.controller.internal.files;

import dev.scribe.controller.ControllerTier;
import dev.scribe.controller.internal.action.ActionCall;
import dev.scribe.core.Veto;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The conditional headers of the file actions: {@code If-Match}, {@code If-None-Match}, {@code If-Unmodified-Since},
 * {@code If-Modified-Since}, {@code If-Range}.
 */
final class FileHeaders {
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

  /**
   * The conditions of a write (RFC 9110 §13.2.2): {@code If-Match} (412 unless one of its strong tags is the file's,
   * or {@code *} and the file exists), without it {@code If-Unmodified-Since} (412 when the file changed after that
   * second), then {@code If-None-Match} (412 when {@code *} and the file exists, or when one of its tags is the
   * file's, compared weakly). A header that is not a list of entity tags is a 400, whether or not the file exists.
   */
  static void preconditions(ActionCall call, Attachment existing, boolean replace) {
    String name = String.valueOf(call.args.get(ControllerTier.FILE_NAME));
    String ifMatch = call.request.header("If-Match");
    if (ifMatch != null) {
      List<String> tags = entityTags("If-Match", ifMatch, existing);
      if (existing == null || !(tags.contains("*") || tags.contains(existing.etag()))) {
        throw new Veto(412, existing == null ? "If-Match was sent, but '" + name + "' does not exist"
            : "the file '" + existing.name() + "' has changed: its ETag is " + existing.etag() + ", not "
                + ifMatch.strip() + "; download it again and resend with its current ETag");
      }
    } else if (existing != null && changedSince(call, existing)) {
      throw new Veto(412, "the file '" + existing.name() + "' has changed since If-Unmodified-Since: "
          + call.request.header("If-Unmodified-Since").strip() + " (it was last modified "
          + httpDate(existing.modifiedMillis()) + "); download it again and resend with its ETag in If-Match");
    }
    String ifNoneMatch = call.request.header("If-None-Match");
    if (ifNoneMatch != null) {
      // checked also when there is no file yet: a write never runs without the condition its client asked for
      List<String> tags = entityTags("If-None-Match", ifNoneMatch, existing);
      if (existing == null) {
        return;
      }
      if (tags.contains("*")) {
        throw new Veto(412, "the file '" + existing.name() + "' exists already, and If-None-Match: * asks not to "
            + (replace ? "replace" : "delete") + " a file that exists");
      }
      if (weak(tags).contains(existing.etag())) {
        throw new Veto(412, "If-None-Match " + ifNoneMatch.strip() + " matches the file '" + existing.name()
            + "' at its current ETag " + existing.etag() + ", so " + call.path + " did not run; If-None-Match asks to"
            + " write only when the file is not in that state");
      }
    }
  }

  /**
   * A 400 for an {@code If-Match} or {@code If-None-Match} of a write that is not a list of entity tags, before the
   * record or the file is looked up: {@code DELETE .../files/missing} with {@code If-Match: garbage} was a 404, where
   * the record routes refuse a malformed condition first.
   */
  static void refuseMalformed(ActionCall call) {
    for (String header : List.of("If-Match", "If-None-Match")) {
      String value = call.request.header(header);
      if (value != null) {
        entityTags(header, value, null);
      }
    }
  }

  /**
   * The conditions a download checks before its answer is decided: {@code If-Match} (412 unless one of its strong
   * tags is the file's, or {@code *}) and, without it, {@code If-Unmodified-Since} (412 when the file changed
   * after that second). A malformed header is ignored here, as a read may.
   */
  static void readPreconditions(ActionCall call, Attachment file) {
    String ifMatch = call.request.header("If-Match");
    if (ifMatch != null) {
      List<String> tags = tags(ifMatch);
      if (!(tags.contains("*") || tags.contains(file.etag()))) {
        throw new Veto(412, "the file '" + file.name() + "' does not have the ETag If-Match names (" + ifMatch.strip()
            + "): its ETag is " + file.etag() + "; send its current ETag, or no If-Match to read it whatever it is");
      }
    } else if (changedSince(call, file)) {
      throw new Veto(412, "the file '" + file.name() + "' has changed since If-Unmodified-Since: "
          + call.request.header("If-Unmodified-Since").strip() + " (it was last modified "
          + httpDate(file.modifiedMillis()) + "); send no If-Unmodified-Since to read it whatever it is");
    }
  }

  /** {@code If-Unmodified-Since} holds a valid date and the file changed after that second (an invalid date is ignored). */
  private static boolean changedSince(ActionCall call, Attachment file) {
    String since = call.request.header("If-Unmodified-Since");
    if (since == null) {
      return false;
    }
    Instant date = HttpDates.parse(since);
    return date != null && file.modifiedMillis() / 1000 > date.getEpochSecond();
  }

  /**
   * The tags of an {@code If-Match} or {@code If-None-Match} of a write: {@code *} alone or entity tags
   * ({@code "…"}, {@code W/"…"}); anything else is a 400 naming the header.
   */
  private static List<String> entityTags(String header, String value, Attachment existing) {
    List<String> tags = tags(value);
    boolean valid = tags.equals(List.of("*"));
    if (!valid) {
      valid = !tags.isEmpty();
      for (String tag : tags) {
        String opaque = tag.startsWith("W/") ? tag.substring(2) : tag;
        valid &= opaque.length() >= 2 && opaque.startsWith("\"") && opaque.endsWith("\"")
            && opaque.indexOf('"', 1) == opaque.length() - 1;
      }
    }
    if (!valid) {
      throw new Veto(400, header + " '" + value.strip() + "' is not an entity tag: send the ETag the file came with, in"
          + " its double quotes" + (existing == null ? "" : " (like " + existing.etag() + ")") + ", a list of them"
          + " separated by commas, or *");
    }
    return tags;
  }

  /** {@code If-None-Match} (weak comparison) or, without it, {@code If-Modified-Since} (seconds). */
  static boolean notModified(ActionCall call, Attachment file) {
    String ifNoneMatch = call.request.header("If-None-Match");
    if (ifNoneMatch != null) {
      return ifNoneMatch.strip().equals("*") || weakTags(ifNoneMatch).contains(file.etag());
    }
    String since = call.request.header("If-Modified-Since");
    Instant date = since == null ? null : HttpDates.parse(since);
    return date != null && file.modifiedMillis() / 1000 <= date.getEpochSecond();
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
    Instant date = HttpDates.parse(value);
    return date != null && date.getEpochSecond() == file.modifiedMillis() / 1000;
  }

  private static List<String> tags(String header) {
    List<String> tags = new ArrayList<>();
    for (String tag : header.split(",")) {
      tags.add(tag.strip());
    }
    return tags;
  }

  private static List<String> weakTags(String header) {
    return weak(tags(header));
  }

  private static List<String> weak(List<String> list) {
    List<String> tags = new ArrayList<>();
    for (String tag : list) {
      tags.add(tag.startsWith("W/") ? tag.substring(2) : tag);
    }
    return tags;
  }
}
