package dev.scribe.controller.http.codec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.scribe.core.ScribeException;
import dev.scribe.core.Veto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads request bodies into plain Java values (maps, lists, strings, numbers, booleans) and writes
 * response bodies. Floating-point numbers are read as {@code BigDecimal} so that no precision is lost
 * before the entity tier converts them; dates are written as ISO-8601 strings.
 *
 * <p>Reading is strict, and every refusal is a 400 that says what is wrong in the client's terms, with
 * the line and column: the body must be well-formed UTF-8 (overlong forms and encoded surrogates
 * included), one JSON value with nothing after it, no key twice in one object, at most
 * {@value #MAX_DEPTH} levels of nesting, and no string holding the NUL character or an unpaired
 * surrogate escape ({@code "\ud800"}), which no text column stores faithfully.
 */
public final class JsonCodec {
  /** The codec of in-process calls and of applications that bring no mapper of their own. */
  public static final JsonCodec DEFAULT = new JsonCodec(defaultMapper());
  /** The deepest nesting of arrays and objects a body may have. */
  public static final int MAX_DEPTH = 100;

  private static final String NOT_JSON = "the body is not valid JSON: ";
  private static final Pattern CHARACTER = Pattern.compile("code (-?\\d+)\\)");
  private static final Pattern TOKEN = Pattern.compile("^Unrecognized token '(.*?)'");
  private static final Pattern CLOSE_MARKER = Pattern.compile("^Unexpected close marker '(.)'");
  private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '(.*)'");

  private final ObjectMapper mapper;
  private final ObjectWriter writer;

  /**
   * A codec writing with a copy of {@code mapper} that renders records as actions do (see {@link #write(Object,
   * UnaryOperator)}); {@code mapper} itself is left as it is. A mapper of a subclass that cannot be copied gets
   * that rendering itself.
   */
  public JsonCodec(ObjectMapper mapper) {
    this.mapper = withRecords(mapper);
    this.writer = this.mapper.writer();
  }

  private static ObjectMapper withRecords(ObjectMapper given) {
    ObjectMapper copy;
    try {
      copy = given.copy();
    } catch (IllegalStateException e) { // a subclass that does not override copy()
      copy = given;
    }
    return copy.registerModule(RecordSerializer.module());
  }

  /** The mapper used when the application does not bring its own. */
  public static ObjectMapper defaultMapper() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
        .build();
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  /**
   * The JSON value of {@code body}, null when it holds only white space; a 400 veto saying what is wrong
   * and where.
   */
  public Object read(byte[] body) {
    return read(body, "a JSON object, or an array of objects for a batch");
  }

  /** {@link #read(byte[])} for a route that takes {@code expected}, which a body of only {@code null} is told to send. */
  public Object read(byte[] body, String expected) {
    int invalid = Utf8.firstInvalid(body, 0, body.length);
    if (invalid >= 0) {
      throw new Veto(400, "the body is not valid UTF-8: the bytes at offset " + invalid + " are not a well-formed"
          + " UTF-8 sequence (truncated, overlong and surrogate encodings are refused); send the body in UTF-8");
    }
    // a leading byte order mark is skipped here: the parser skips one only in a body of 4 bytes or more, so the
    // mark alone (an empty file saved with one) was "unexpected input" instead of an empty body
    int start = body.length >= 3 && (body[0] & 0xff) == 0xEF && (body[1] & 0xff) == 0xBB && (body[2] & 0xff) == 0xBF
        ? 3 : 0;
    try (JsonParser parser = mapper.getFactory().createParser(body, start, body.length - start)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return null;
      }
      Object value = value(parser, first, 1);
      if (parser.nextToken() != null) {
        throw refusal("another value follows the first one; send exactly one JSON value", parser.currentTokenLocation());
      }
      if (value == null) {
        throw new Veto(400, "the body is the JSON literal null; send " + expected);
      }
      return value;
    } catch (JsonProcessingException e) {
      throw refusal(describe(e), e.getLocation());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code value} as JSON. A record (an entity object) in it is refused: only the action answering knows which of
   * its fields the caller may see, so a body holding records is written by {@link #write(Object, UnaryOperator)}.
   */
  public byte[] write(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new ScribeException("the response body cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * {@code value} as JSON, each record met in it (an entity object, at any depth) written as {@code records}
   * renders it: as the answering action renders records, without the fields its path hides. The rendering runs
   * only for records: a body of plain maps, lists and values is written as by {@link #write(Object)}.
   *
   * <pre>{@code
   * byte[] body = json.write(Map.of("task", task), record -> view.render(record, call));
   * }</pre>
   */
  public byte[] write(Object value, UnaryOperator<Object> records) {
    try {
      return writer.withAttribute(RecordSerializer.RENDERING, records).writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new ScribeException("the response body cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static Object value(JsonParser parser, JsonToken token, int depth) throws IOException {
    switch (token) {
      case START_OBJECT: {
        nest(parser, depth);
        Map<String, Object> object = new LinkedHashMap<>();
        for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
          String key = parser.currentName();
          text(parser, key, "a key");
          if (object.containsKey(key)) {
            throw refusal("the key '" + key + "' appears twice in one object; send each key once",
                parser.currentTokenLocation());
          }
          object.put(key, value(parser, parser.nextToken(), depth + 1));
        }
        return object;
      }
      case START_ARRAY: {
        nest(parser, depth);
        List<Object> array = new ArrayList<>();
        for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
          array.add(value(parser, next, depth + 1));
        }
        return array;
      }
      case VALUE_STRING:
        return text(parser, parser.getText(), "a string");
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return number(parser, token);
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw refusal("unexpected " + token.asString(), parser.currentTokenLocation());
    }
  }

  /**
   * The number as Jackson reads it (a decimal for a fraction or an exponent), kept unexpanded. A number
   * whose exponent does not fit in an {@code int} ({@code 1e2147483648}) has no decimal form at all: a 400
   * naming it, not an exception from deep inside the parser.
   */
  private static Object number(JsonParser parser, JsonToken token) throws IOException {
    try {
      return token == JsonToken.VALUE_NUMBER_INT ? parser.getNumberValue() : parser.getDecimalValue();
    } catch (NumberFormatException | ArithmeticException e) {
      String text = parser.getText();
      String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
      throw refusal("the number " + shown + " is out of range: its exponent is too large to read; send a number"
          + " with an exponent between -2147483647 and 2147483647", parser.currentTokenLocation());
    }
  }

  private static void nest(JsonParser parser, int depth) {
    if (depth > MAX_DEPTH) {
      throw refusal("arrays and objects are nested more than " + MAX_DEPTH + " levels deep",
          parser.currentTokenLocation());
    }
  }

  /** {@code text} when it holds no NUL and no unpaired surrogate. */
  private static String text(JsonParser parser, String text, String what) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        throw refusal(what + " holds the NUL character (\\u0000), which text cannot store",
            parser.currentTokenLocation());
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          throw refusal(what + " holds an unpaired surrogate escape (\\u" + Integer.toHexString(c)
              + "), which is not a character; escape characters beyond U+FFFF as a pair, like \\ud83d\\ude00",
              parser.currentTokenLocation());
        }
      }
    }
    return text;
  }

  /** A 400: "the body is not valid JSON: {what} at line L, column C; {hint}" (the hint follows a semicolon in {@code what}). */
  private static Veto refusal(String what, JsonLocation at) {
    String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    int hint = what.lastIndexOf("; ");
    String message = hint < 0 ? what + where : what.substring(0, hint) + where + what.substring(hint);
    return new Veto(400, NOT_JSON + message);
  }

  /** What a parser failure means, in the client's terms: never the parser's own wording or names. */
  static String describe(JsonProcessingException e) {
    String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (e instanceof StreamConstraintsException) {
      // the reader's limits, said with the culprit: "too many digits" and "too long" told no client how many
      StreamReadConstraints limits = StreamReadConstraints.defaults();
      if (original.contains("Number")) {
        return "a number has more than " + limits.getMaxNumberLength() + " digits; send at most "
            + limits.getMaxNumberLength();
      }
      if (original.contains("String")) {
        return "a string is too long";
      }
      if (original.startsWith("Name length")) {
        // it was "the body exceeds what a JSON value may hold", said of an NDJSON line too
        return "a key is longer than " + limits.getMaxNameLength() + " characters; a key names an attribute, so send"
            + " the attribute's name";
      }
      if (original.contains("nesting")) {
        return "arrays and objects are nested more than " + MAX_DEPTH + " levels deep";
      }
      return "the body exceeds what a JSON value may hold";
    }
    if (original.startsWith("Unexpected end-of-input")) {
      return "the text ends before the JSON value is complete (an object, array or string is not closed)";
    }
    Matcher duplicate = DUPLICATE.matcher(original);
    if (duplicate.find()) {
      return "the key '" + duplicate.group(1) + "' appears twice in one object; send each key once";
    }
    Matcher token = TOKEN.matcher(original);
    if (token.find()) {
      return "unrecognized word '" + token.group(1) + "'; a value is a string in double quotes, a number, an object,"
          + " an array, true, false or null";
    }
    Matcher close = CLOSE_MARKER.matcher(original);
    if (close.find()) {
      return "unexpected '" + close.group(1) + "', which closes nothing open here";
    }
    if (original.contains("Leading zeroes not allowed")) {
      return "a number starts with a leading zero";
    }
    if (original.contains("Non-standard token") || original.contains("NaN") || original.contains("Infinity")) {
      return "NaN and Infinity are not JSON numbers";
    }
    if (original.contains("Unrecognized character escape") || original.contains("hex-digit")) {
      return "a string has an invalid escape; after a backslash use \", \\, /, b, f, n, r, t or u and four hex digits";
    }
    Matcher character = CHARACTER.matcher(original);
    if (original.contains("Illegal unquoted character") && character.find()) {
      return "a string holds the unescaped control character " + character(Integer.parseInt(character.group(1)))
          + "; escape it inside strings (like \\n or \\u0001)";
    }
    if (original.contains("in numeric value") || original.contains("Invalid numeric value")) {
      return "a number is malformed";
    }
    if (character.find(0)) {
      int code = Integer.parseInt(character.group(1));
      if (code < 0) {
        return "the text ends before the JSON value is complete";
      }
      return "unexpected character " + character(code) + expectation(original);
    }
    return "unexpected input";
  }

  private static String expectation(String original) {
    if (original.contains("double-quote to start field name")) {
      return "; expected a key in double quotes";
    }
    if (original.contains("comma to separate Object entries")) {
      return "; expected ',' or '}'";
    }
    if (original.contains("comma to separate Array entries")) {
      return "; expected ',' or ']'";
    }
    if (original.contains("colon to separate field name and value")) {
      return "; expected ':'";
    }
    if (original.contains("comment")) {
      return "; comments are not allowed in JSON";
    }
    if (original.contains("separating root-level values")) {
      return "; the JSON value has ended, and nothing may follow it";
    }
    if (original.contains("expected a valid value")) {
      return "; expected a value (a string in double quotes, a number, an object, an array, true, false or null)";
    }
    return "";
  }

  /** A character as a message shows it: {@code '}'}, or {@code U+0001} when it is not printable. */
  private static String character(int code) {
    if (code == '\'') {
      return "\"'\"";
    }
    if (code > 0x20 && code < 0x7F) {
      return "'" + (char) code + "'";
    }
    return String.format("U+%04X", code);
  }
}
