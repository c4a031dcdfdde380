package dev.scribe.controller.http.codec;

import dev.scribe.core.Veto;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a raw query string into the mutable map handlers see as {@code query}: each key to its value,
 * or to a list of values when the key repeats. Parsed here rather than through the servlet API so
 * that a form-encoded body is never read as parameters.
 *
 * <p>Decoding is strict: {@code +} is a space, {@code %} must be followed by two hex digits, and the
 * decoded bytes must be well-formed UTF-8 (no overlong forms such as {@code %C0%AF}, no encoded
 * surrogates, no truncated sequences) without the NUL character. Anything else is a 400 that quotes the
 * offending part, never a value silently replaced or turned into another character.
 */
public final class QueryString {
  private static final char REPLACEMENT = '\uFFFD';

  private QueryString() {}

  public static Map<String, Object> parse(String raw) {
    Map<String, Object> params = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      if (pair.indexOf(REPLACEMENT) >= 0) {
        // The container reads the raw bytes of the query as UTF-8 and puts U+FFFD for any that are not (a Latin-1
        // 'é' sent as it is): the value would be one the client never sent. U+FFFD itself arrives percent-encoded.
        throw new Veto(400, "the query string part '" + shorten(pair) + "' holds a byte that is not UTF-8, sent"
            + " without percent-encoding (read as U+FFFD, the replacement character); percent-encode the UTF-8"
            + " bytes of the text (%C3%A9 for \u00e9)");
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq), pair);
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1), pair);
      add(params, key, value);
    }
    return params;
  }

  /**
   * A 400 for the first query parameter of {@code raw} that {@code route} does not read, naming it and those the
   * route reads: every route refuses what it would otherwise pass over, as a record's URL refuses a filter, so that
   * a misspelt or misplaced parameter ({@code /auth/me?fields=id}) is never taken for one that applied.
   */
  public static void refuseUnread(String raw, String route, List<String> reads) {
    for (String key : parse(raw).keySet()) {
      if (!reads.contains(key)) {
        String shown = key.length() > 60 ? key.substring(0, 60) + "..." : key;
        throw new Veto(400, route + (reads.isEmpty() ? " takes no query parameters; leave out '" + shown + "'"
            : " takes the query parameters " + String.join(", ", reads) + "; '" + shown + "' is not one of them"));
      }
    }
  }

  @SuppressWarnings("unchecked")
  public static void add(Map<String, Object> params, String key, String value) {
    Object existing = params.get(key);
    if (existing == null) {
      params.put(key, value);
    } else if (existing instanceof List) {
      ((List<Object>) existing).add(value);
    } else {
      List<Object> values = new ArrayList<>();
      values.add(existing);
      values.add(value);
      params.put(key, values);
    }
  }

  /** The text {@code encoded} stands for; a 400 quoting {@code pair} when it is not correctly encoded. */
  static String decode(String encoded, String pair) {
    if (encoded.indexOf('%') < 0 && encoded.indexOf('+') < 0) {
      return plain(encoded, pair);
    }
    byte[] bytes = new byte[encoded.length() * 3];
    int length = 0;
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '+') {
        bytes[length++] = ' ';
      } else if (c == '%') {
        int high = i + 1 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
        int low = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 2), 16) : -1;
        if (high < 0 || low < 0) {
          throw new Veto(400, "the query string part '" + shorten(pair) + "' is not correctly percent-encoded: '"
              + encoded.substring(i, Math.min(i + 3, encoded.length())) + "' is not '%' followed by two hex digits;"
              + " write a literal '%' as %25");
        }
        bytes[length++] = (byte) (high << 4 | low);
        i += 2;
      } else if (c < 0x80) {
        bytes[length++] = (byte) c;
      } else {
        boolean pairs = Character.isHighSurrogate(c) && i + 1 < encoded.length()
            && Character.isLowSurrogate(encoded.charAt(i + 1));
        String plain = plain(pairs ? encoded.substring(i, i + 2) : String.valueOf(c), pair);
        for (byte b : plain.getBytes(StandardCharsets.UTF_8)) {
          bytes[length++] = b;
        }
        if (pairs) {
          i++;
        }
      }
    }
    int bad = Utf8.firstInvalid(bytes, 0, length);
    if (bad >= 0) {
      throw new Veto(400, "the query string part '" + shorten(pair) + "' is not valid UTF-8 once percent-decoded"
          + " (byte " + bad + " of the decoded text starts an invalid, overlong or surrogate sequence);"
          + " percent-encode the UTF-8 bytes of the text");
    }
    return plain(new String(bytes, 0, length, StandardCharsets.UTF_8), pair);
  }

  /** {@code text} when it holds no NUL and no unpaired surrogate; a 400 otherwise. */
  private static String plain(String text, String pair) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        throw new Veto(400, "the query string part '" + shorten(pair) + "' contains the NUL character (%00),"
            + " which no parameter may hold");
      }
      if (Character.isSurrogate(c)) {
        boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        if (!paired) {
          throw new Veto(400, "the query string part '" + shorten(pair) + "' is not valid text: it holds an unpaired"
              + " surrogate; percent-encode the UTF-8 bytes of the text");
        }
        i++;
      }
    }
    return text;
  }

  private static String shorten(String text) {
    return text.length() <= 100 ? text : text.substring(0, 100) + "...";
  }
}
