package dev.scribe.controller.internal.files;

import dev.scribe.controller.http.problem.HttpVeto;
import dev.scribe.core.Options;
import dev.scribe.core.Veto;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an attachment may be called and be: a name of 1 to {@value #MAX_LENGTH} characters that cannot leave its
 * record's folder or read as another (no {@code /}, {@code \}, control or invisible format characters, {@code .}
 * or {@code ..}, no leading or trailing space), and a media type among the option {@value Attachments#TYPES} (any when unset; {@code image/*} allows
 * every image type).
 */
public final class FileNames {
  static final int MAX_LENGTH = 255;
  static final String RULE = "1 to " + MAX_LENGTH + " characters without '/', '\\', control or invisible format"
      + " characters, leading and trailing spaces, and not '.' or '..'";

  private FileNames() {}

  /**
   * {@code name} in its composed form (Unicode NFC) when it is allowed; a 400 naming it and the rule otherwise.
   * Composed, {@code cafe\u0301.txt} (an {@code e} and a combining accent, as some keyboards and file systems write
   * it) and {@code caf\u00e9.txt} are one name, not two files whose names look the same in every list.
   */
  static String check(Object name, String path) {
    if (!(name instanceof String)) {
      throw new Veto(400, path + " needs a file name in the URL (/files/<name>); use " + RULE);
    }
    String text = Normalizer.normalize((String) name, Normalizer.Form.NFC);
    String problem = problem(text);
    if (problem != null) {
      throw Veto.builder().status(400).message("the file name '" + printable(text) + "' is not allowed on " + path + ": "
          + problem + "; use " + RULE).field("name", problem).build();
    }
    return text;
  }

  private static String problem(String name) {
    if (name.isEmpty()) {
      return "it is empty";
    }
    if (name.length() > MAX_LENGTH) {
      // counted as the column counts: in UTF-16 units, an emoji two
      return "it has " + name.length() + " characters (a character outside the Basic Multilingual Plane, like an emoji,"
          + " counts as 2), more than " + MAX_LENGTH;
    }
    if (name.equals(".") || name.equals("..")) {
      return "it names a folder";
    }
    if (blank(name.codePointAt(0)) || blank(name.codePointBefore(name.length()))) {
      return "it starts or ends with a space";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == '\\') {
        return "it contains '" + c + "'";
      }
      if (Character.isISOControl(c)) {
        return "it contains the control character U+" + String.format(Locale.ROOT, "%04X", (int) c);
      }
      if (invisible(c)) {
        // A right-to-left override shows "txt.exe" as "exe.txt"; a zero-width space makes two names look alike.
        return "it contains the invisible character U+" + String.format(Locale.ROOT, "%04X", (int) c)
            + ", which changes how the name reads without being seen";
      }
      if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "it contains half of a character (an unpaired UTF-16 surrogate)";
      }
    }
    return null;
  }

  /**
   * A space of any width, no-break ones included ({@code String.strip} passes over U+00A0, U+2007 and U+202F): at
   * either end of a name it cannot be seen, and {@code report.pdf\u00A0} reads as {@code report.pdf}.
   */
  private static boolean blank(int c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  /** A format character (bidirectional controls, zero-width spaces and joiners, a byte order mark) or a line or paragraph separator. */
  private static boolean invisible(char c) {
    int type = Character.getType(c);
    return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
  }

  /** The name as an error message may show it: control characters escaped, cut at 80 characters. */
  private static String printable(String name) {
    StringBuilder shown = new StringBuilder();
    for (int i = 0; i < name.length() && shown.length() < 80; i++) {
      char c = name.charAt(i);
      shown.append(Character.isISOControl(c) || invisible(c) || Character.isSurrogate(c)
          ? String.format(Locale.ROOT, "\\u%04X", (int) c) : String.valueOf(c));
    }
    return name.length() > 80 ? shown + "..." : shown.toString();
  }

  /** The media type of a {@code Content-Type} header, lower case, parameters kept; octet-stream when absent. */
  static String mediaType(String header) {
    if (header == null || header.isBlank()) {
      return "application/octet-stream";
    }
    return header.strip();
  }

  /** A 415 naming the allowed types when {@code contentType} is not among the option's types. */
  static void checkType(Options options, String contentType, String path) {
    if (contentType.length() > MAX_LENGTH) {
      throw new HttpVeto(400, "Content-Type is " + contentType.length() + " characters long, more than the " + MAX_LENGTH
          + " a file's type is kept in; send the media type with fewer parameters", Map.of());
    }
    String essence = essence(contentType);
    int slash = essence.indexOf('/');
    if (slash <= 0 || slash == essence.length() - 1 || !isToken(essence.substring(0, slash))
        || !isToken(essence.substring(slash + 1)) || essence.contains("*")) {
      throw new HttpVeto(400, "Content-Type '" + contentType + "' is not the media type of one file; send type/subtype,"
          + " like text/plain or image/png", Map.of());
    }
    String parameters = parameterProblem(contentType);
    if (parameters != null) {
      throw new HttpVeto(400, "Content-Type '" + printable(contentType) + "' has " + parameters + "; send parameters as"
          + " ; name=value, the value a token or in double quotes, in ASCII, like text/plain; charset=utf-8", Map.of());
    }
    List<String> allowed = allowedTypes(options);
    if (allowed.isEmpty()) {
      return;
    }
    String type = essence(contentType);
    for (String pattern : allowed) {
      String wanted = essence(pattern);
      if (wanted.equals(type) || wanted.equals("*/*")
          || (wanted.endsWith("/*") && type.startsWith(wanted.substring(0, wanted.length() - 1)))) {
        return;
      }
    }
    throw new HttpVeto(415, path + " does not take files of type '" + type + "'; send one of " + String.join(", ", allowed)
        + " (option " + Attachments.TYPES + ")", Map.of("Accept-Put", String.join(", ", allowed)));
  }

  /**
   * What is wrong with the parameters of a media type (RFC 9110 §8.3.1: {@code ; name=value}, the value a token or
   * a quoted string), or null when they are well formed: the type is sent back as the download's
   * {@code Content-Type}, so it is kept only when it is a valid header value.
   */
  private static String parameterProblem(String contentType) {
    int semicolon = contentType.indexOf(';');
    if (semicolon < 0) {
      return null;
    }
    String rest = contentType.substring(semicolon);
    int i = 0;
    while (i < rest.length()) {
      // at a ';': skip it and the spaces around empty parameters
      i++;
      while (i < rest.length() && (rest.charAt(i) == ' ' || rest.charAt(i) == '\t')) {
        i++;
      }
      if (i == rest.length() || rest.charAt(i) == ';') {
        continue;
      }
      int equals = rest.indexOf('=', i);
      int end = rest.indexOf(';', i);
      if (equals < 0 || (end >= 0 && end < equals)) {
        String name = rest.substring(i, end < 0 ? rest.length() : end).strip();
        return "the parameter '" + name + "' without a value";
      }
      String name = rest.substring(i, equals);
      if (!isToken(name)) {
        return "the parameter name '" + name + "', which is not a token";
      }
      i = equals + 1;
      if (i < rest.length() && rest.charAt(i) == '"') {
        i++;
        while (i < rest.length() && rest.charAt(i) != '"') {
          char c = rest.charAt(i);
          if (c == '\\' && i + 1 < rest.length()) {
            i++;
            c = rest.charAt(i);
          }
          if (c > 0x7e || (c < 0x20 && c != '\t') || c == 0x7f) {
            return "the character U+" + String.format(Locale.ROOT, "%04X", (int) c) + " in the value of '" + name + "'";
          }
          i++;
        }
        if (i == rest.length()) {
          return "the value of '" + name + "' opened with a double quote that is never closed";
        }
        i++;
      } else {
        int valueEnd = i;
        while (valueEnd < rest.length() && rest.charAt(valueEnd) != ';' && rest.charAt(valueEnd) != ' '
            && rest.charAt(valueEnd) != '\t') {
          valueEnd++;
        }
        String value = rest.substring(i, valueEnd);
        for (int j = 0; j < value.length(); j++) {
          char c = value.charAt(j);
          if (c > 0x7e || c < 0x20) {
            return "the character U+" + String.format(Locale.ROOT, "%04X", (int) c) + " in the value of '" + name + "'";
          }
        }
        if (!isToken(value)) {
          return value.isEmpty() ? "the parameter '" + name + "' without a value"
              : "the value '" + value + "' of '" + name + "', which is not a token (put it in double quotes)";
        }
        i = valueEnd;
      }
      while (i < rest.length() && (rest.charAt(i) == ' ' || rest.charAt(i) == '\t')) {
        i++;
      }
      if (i < rest.length() && rest.charAt(i) != ';') {
        return "'" + rest.substring(i) + "' after the value of '" + name + "' where a ';' should be";
      }
    }
    return null;
  }

  /** An RFC 9110 token: the characters a type or a subtype may have. */
  private static boolean isToken(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!#$%&'+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return !text.isEmpty();
  }

  static List<String> allowedTypes(Options options) {
    Object option = options.get(Attachments.TYPES);
    List<String> types = new ArrayList<>();
    if (option instanceof Iterable) {
      for (Object type : (Iterable<?>) option) {
        types.add(String.valueOf(type));
      }
    } else if (option != null) {
      types.add(String.valueOf(option));
    }
    return types;
  }

  /** The type and subtype, lower case, without parameters. */
  private static String essence(String mediaType) {
    int semicolon = mediaType.indexOf(';');
    return (semicolon < 0 ? mediaType : mediaType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
  }
}
