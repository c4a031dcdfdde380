package dev.scribe.controller.internal.bulk;

import dev.scribe.controller.http.codec.JsonCodec;
import dev.scribe.core.Veto;
import dev.scribe.entity.AttributeKind;
import dev.scribe.entity.EntityAttribute;
import dev.scribe.entity.EntityModel;
import dev.scribe.entity.internal.ValueConverter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cells of a CSV row as values of their attributes, read as spreadsheets and scripts write them: an integer
 * may come as an integral decimal ({@code 2.0}, {@code 2.00}: the integers of a column formatted with decimals),
 * a date and time with a space for the {@code T} (Python's {@code str()} of a datetime). A refusal names the
 * value and says what the column takes ({@code expected a date as YYYY-MM-DD, such as 2030-01-31}): the
 * conversion of a JSON string says only that the value is not valid, which leaves the author of a spreadsheet
 * guessing. Types this class does not know are left as text to the repository's conversion. The cell of an
 * association is the JSON text the export writes there, read into the ids and objects an NDJSON line holds.
 */
final class CsvCells {
  /** An integer, or an integral decimal: digits, then a point followed by zeros only. */
  private static final Pattern INTEGRAL = Pattern.compile("[+-]?\\d+(\\.0*)?");
  /** A date, one space, then a time: read with a T in the space's place. */
  private static final Pattern SPACED = Pattern.compile("(\\d{4}-\\d{2}-\\d{2}) (\\d{2}:.*)");
  /** The longest number a cell may hold: a longer one is refused without being computed. */
  private static final int MAX_DIGITS = 1000;
  private static final String SPACE_FOR_T = " (a space may stand for the T)";

  /** A number whose points could each group three digits: 1.000, 12.500, 1.234.567. */
  private static final Pattern GROUPED = Pattern.compile("[+-]?[1-9]\\d{0,2}(\\.\\d{3})+");

  private final Map<String, Class<?>> types = new HashMap<>();
  /** The columns of associations, whose cells are JSON text as the export writes them. */
  private final Map<String, EntityAttribute> associations = new HashMap<>();
  private final JsonCodec json;
  /** The most characters the JSON text of an association's cell may have: one record's, as a JSON body. */
  private final int recordChars;
  /**
   * The file is separated by semicolons, as Excel saves CSV where a comma is the decimal separator and a point
   * groups thousands: there 1.000 may be a thousand, and is not read as 1.
   */
  private final boolean pointMayGroup;

  private CsvCells(EntityModel<?> model, List<String> columns, char separator, JsonCodec json, int recordChars) {
    this.pointMayGroup = separator == ';';
    this.json = json;
    this.recordChars = recordChars;
    for (String column : columns) {
      EntityAttribute attribute = model.attributeOrNull(column);
      if (attribute != null && attribute.kind() == AttributeKind.BASIC) {
        types.put(column, ValueConverter.wrap(attribute.javaType()));
      } else if (attribute != null && attribute.isAssociation()) {
        associations.put(column, attribute);
      }
    }
  }

  /**
   * The cells of the CSV columns {@code columns}, all attributes of {@code model}, in a file of {@code separator};
   * {@code json} reads the cells of associations as an NDJSON line is read, up to {@code recordChars} characters
   * each.
   */
  static CsvCells of(EntityModel<?> model, List<String> columns, char separator, JsonCodec json, int recordChars) {
    return new CsvCells(model, columns, separator, json, recordChars);
  }

  /**
   * The values of {@code params} (converted) that came as JSON text in the columns of associations: the ids and
   * records an NDJSON line would hold there, to be checked as that line's are.
   */
  Map<String, Object> embedded(Map<String, Object> params) {
    if (associations.isEmpty()) {
      return Map.of(); // asked of every row: most imports have no column of an association
    }
    Map<String, Object> embedded = new LinkedHashMap<>();
    for (String column : associations.keySet()) {
      Object value = params.get(column);
      if (value instanceof Map || value instanceof List) {
        embedded.put(column, value);
      }
    }
    return embedded;
  }

  /**
   * Converts the cells of {@code params} in place, and leaves out the empty ones (null): an empty cell is a value
   * not given, as a key left out of a JSON body, so that a new record keeps the attribute's default. Read as null,
   * it was refused for an {@code int} or a {@code boolean}, and an empty priority did not get the default that a
   * JSON body without one gets. A 400 names each cell that is not a value of its column's type; null when every
   * one is.
   */
  Veto convert(Map<String, Object> params) {
    params.values().removeIf(java.util.Objects::isNull);
    Veto.Builder refused = null;
    for (Map.Entry<String, Object> cell : params.entrySet()) {
      Class<?> type = types.get(cell.getKey());
      EntityAttribute association = associations.get(cell.getKey());
      if (type == null && association == null || !(cell.getValue() instanceof String text)) {
        continue;
      }
      try {
        if (association != null) {
          cell.setValue(association(text, association));
          continue;
        }
        if (pointMayGroup && NUMBERS.contains(type) && GROUPED.matcher(text.strip()).matches()) {
          throw new ValueConverter.ConversionException(quote(text) + " is ambiguous in a file separated by semicolons,"
              + " where a point may group thousands; write the number without grouping (1000) and with a point before"
              + " its decimals");
        }
        cell.setValue(value(text, type, cell.getKey()));
      } catch (ValueConverter.ConversionException e) {
        refused = refused == null ? Veto.builder().status(400) : refused;
        refused.message(cell.getKey() + ": " + e.getMessage()).field(cell.getKey(), e.getMessage());
      }
    }
    return refused == null ? null : refused.build();
  }

  /**
   * {@code raw} as a {@code type} (a wrapper or a non-primitive type) in the column {@code column}; text of a type
   * the repository converts stays text.
   *
   * @throws ValueConverter.ConversionException saying what the column takes
   */
  static Object value(String raw, Class<?> type, String column) {
    String text = raw.strip();
    if (isWhole(type)) {
      return whole(raw, text, type);
    }
    if (type == Double.class || type == Float.class || type == BigDecimal.class) {
      if (decimal(text) && text.length() <= MAX_DIGITS) {
        if (type != BigDecimal.class) {
          BigDecimal exact = new BigDecimal(text);
          double value = type == Double.class ? exact.doubleValue() : exact.floatValue();
          if (Double.isInfinite(value)) {
            throw refused(raw, "is out of range", decimalForm(type));
          }
          if (value == 0 && exact.signum() != 0) {
            // it would be stored as 0 without a word
            throw refused(raw, "is too close to zero for a " + type.getSimpleName() + ", which would hold it as 0",
                decimalForm(type));
          }
        }
        return ValueConverter.convert(text, type);
      }
      throw refused(raw, "is not a number", decimalForm(type));
    }
    String noun = NOUNS.get(type);
    if (noun == null && !type.isEnum()) {
      return raw;
    }
    try {
      // a matcher for the types a space may stand for the T in alone: made for every boolean cell, it was a tenth of
      // the cells' conversion
      boolean dateTime = type == LocalDateTime.class || type == Instant.class || type == OffsetDateTime.class
          || type == ZonedDateTime.class;
      Matcher spaced = dateTime ? SPACED.matcher(text) : null;
      return ValueConverter.convert(dateTime && spaced.matches() ? spaced.group(1) + "T" + spaced.group(2) : text, type);
    } catch (ValueConverter.ConversionException e) {
      if (type.isEnum()) {
        List<String> names = new ArrayList<>();
        for (Object constant : type.getEnumConstants()) {
          names.add(((Enum<?>) constant).name());
        }
        throw refused(raw, "is not a value of " + column, "one of " + String.join(", ", names) + ", in any case");
      }
      throw refused(raw, "is not " + noun, FORMS.get(type));
    }
  }

  /**
   * The cell {@code raw} of an association's column as the export writes it: for a list (subtasks), JSON text of
   * ids or objects ({@code [7,8]}, {@code [{"id":7,"title":"..."}]}); for one record, its id as text, or JSON text
   * of an object ({@code {"id":7,...}}, written with {@code with}). The text was taken as an id before, and the
   * export of a list did not import back.
   *
   * @throws ValueConverter.ConversionException saying what the column takes
   */
  private Object association(String raw, EntityAttribute attribute) {
    String text = raw.strip();
    boolean many = attribute.kind() == AttributeKind.TO_MANY;
    String takes = many
        ? "JSON text of a list of ids or objects, as an export with=" + attribute.name() + " writes it, such as [7, 8]"
            + " or [{\"id\": 7}]"
        : "an id, or JSON text of an object as an export with=" + attribute.name() + " writes it, such as 7 or"
            + " {\"id\": 7}";
    if (!many && !text.startsWith("{")) {
      return raw; // an id, converted to the id's type with the record's other values
    }
    if (many && !text.startsWith("[")) {
      throw refused(raw, "is not a list", takes);
    }
    if (text.length() > recordChars) {
      // read into values before anything judges them, a 15 MB cell of empty objects was five million maps
      throw refused(raw, "is " + text.length() + " characters long, more than the JSON of one record's "
          + attribute.name() + " may be (" + recordChars + ")", takes);
    }
    try {
      return json.read(text.getBytes(StandardCharsets.UTF_8), takes);
    } catch (Veto malformed) {
      String problem = String.join("; ", malformed.messages());
      problem = problem.startsWith(NOT_JSON) ? problem.substring(NOT_JSON.length()) : problem;
      throw refused(raw, "is not JSON text: " + problem.replaceFirst(" at line 1, column ", " at column "), takes);
    }
  }

  private static final String NOT_JSON = "the body is not valid JSON: ";

  private static final java.util.Set<Class<?>> NUMBERS = java.util.Set.of(Integer.class, Long.class, Short.class,
      Byte.class, BigInteger.class, Double.class, Float.class, BigDecimal.class);

  private static final Map<Class<?>, String> NOUNS = Map.of(
      Boolean.class, "true or false",
      LocalDate.class, "a date",
      LocalTime.class, "a time",
      LocalDateTime.class, "a date and time",
      Instant.class, "an instant",
      OffsetDateTime.class, "a date and time with an offset",
      ZonedDateTime.class, "a date and time with a time zone",
      UUID.class, "a UUID",
      Character.class, "one character");

  private static final Map<Class<?>, String> FORMS = Map.of(
      Boolean.class, "true or false, in any case",
      LocalDate.class, "a date as YYYY-MM-DD, such as 2030-01-31",
      LocalTime.class, "a time as hh:mm or hh:mm:ss, such as 09:30:00",
      LocalDateTime.class, "a date and time as YYYY-MM-DDThh:mm:ss" + SPACE_FOR_T + ", such as 2030-01-31T09:30:00",
      Instant.class, "a date and time in UTC or with its offset, as YYYY-MM-DDThh:mm:ssZ or YYYY-MM-DDThh:mm:ss+hh:mm"
          + SPACE_FOR_T + ", such as 2030-01-31T09:30:00Z",
      OffsetDateTime.class, "a date and time with its offset, as YYYY-MM-DDThh:mm:ss+hh:mm" + SPACE_FOR_T
          + ", such as 2030-01-31T09:30:00+01:00",
      ZonedDateTime.class, "a date and time with its offset and time zone, as YYYY-MM-DDThh:mm:ss+hh:mm[zone]"
          + SPACE_FOR_T + ", such as 2030-01-31T09:30:00+01:00[Europe/Paris]",
      UUID.class, "a UUID, such as 123e4567-e89b-12d3-a456-426614174000",
      Character.class, "one character");

  private static String decimalForm(Class<?> type) {
    return type == BigDecimal.class
        ? "a decimal number with a point before its decimals and no thousands separator, such as 2.50"
        : "a number with a point before its decimals, such as 2.5 or -1.25e3";
  }

  private static ValueConverter.ConversionException refused(String raw, String what, String expected) {
    return new ValueConverter.ConversionException(quote(raw) + " " + what + "; expected " + expected);
  }

  private static boolean isWhole(Class<?> type) {
    return type == Integer.class || type == Long.class || type == Short.class || type == Byte.class
        || type == BigInteger.class;
  }

  private static Object whole(String raw, String text, Class<?> type) {
    if (shortInteger(text)) {
      // the cell of nearly every import: read without the pattern and the BigInteger below (a tenth of its time)
      long number = Long.parseLong(text);
      return type == BigInteger.class ? BigInteger.valueOf(number) : narrowed(raw, number, type);
    }
    if (INTEGRAL.matcher(text).matches() && text.length() <= MAX_DIGITS) {
      int point = text.indexOf('.');
      String digits = point < 0 ? text : text.substring(0, point);
      BigInteger value = new BigInteger(digits);
      if (type == BigInteger.class) {
        return value;
      }
      if (value.bitLength() < 64) {
        return narrowed(raw, value.longValue(), type);
      }
      // an integer all the same: saying it is not one sent the client looking for a typo
      throw refused(raw, "is out of range", wholeForm(type));
    }
    throw refused(raw, "is not an integer", wholeForm(type));
  }

  /**
   * True for a decimal number in ASCII digits with a point, as the pattern {@code [+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?}
   * reads one: no NaN, no Infinity, no hexadecimal, no thousands separator. Read by hand, as every decimal cell of an
   * import is, for the pattern's matcher was a tenth of the cells' conversion.
   */
  static boolean decimal(String text) {
    int length = text.length();
    int i = length > 0 && (text.charAt(0) == '+' || text.charAt(0) == '-') ? 1 : 0;
    int whole = i;
    while (i < length && asciiDigit(text.charAt(i))) {
      i++;
    }
    int wholeDigits = i - whole;
    int fractionDigits = 0;
    if (i < length && text.charAt(i) == '.') {
      int fraction = ++i;
      while (i < length && asciiDigit(text.charAt(i))) {
        i++;
      }
      fractionDigits = i - fraction;
    }
    if (wholeDigits == 0 && fractionDigits == 0) {
      return false;
    }
    if (i < length && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      i++;
      if (i < length && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
        i++;
      }
      int exponent = i;
      while (i < length && asciiDigit(text.charAt(i))) {
        i++;
      }
      if (i == exponent) {
        return false;
      }
    }
    return i == length;
  }

  private static boolean asciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * True for an optional sign and 1 to 18 ASCII digits, nothing else: a value of {@link #INTEGRAL} that a long
   * holds whatever its digits. ({@link Long#parseLong} alone would take digits of other scripts too, which the
   * pattern refuses.)
   */
  static boolean shortInteger(String text) {
    int start = !text.isEmpty() && (text.charAt(0) == '+' || text.charAt(0) == '-') ? 1 : 0;
    int digits = text.length() - start;
    if (digits < 1 || digits > 18) {
      return false;
    }
    for (int i = start; i < text.length(); i++) {
      if (!asciiDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** {@code number} as a {@code type} (a whole type other than BigInteger), or the refusal of a value out of its range. */
  private static Object narrowed(String raw, long number, Class<?> type) {
    if (type == Long.class) {
      return number;
    }
    if (type == Integer.class && number == (int) number) {
      return (int) number;
    }
    if (type == Short.class && number == (short) number) {
      return (short) number;
    }
    if (type == Byte.class && number == (byte) number) {
      return (byte) number;
    }
    // an integer all the same: saying it is not one sent the client looking for a typo
    throw refused(raw, "is out of range", wholeForm(type));
  }

  private static String wholeForm(Class<?> type) {
    if (type == Long.class) {
      return "an integer between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE;
    }
    if (type == Integer.class) {
      return "an integer between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE;
    }
    if (type == Short.class) {
      return "an integer between " + Short.MIN_VALUE + " and " + Short.MAX_VALUE;
    }
    if (type == Byte.class) {
      return "an integer between " + Byte.MIN_VALUE + " and " + Byte.MAX_VALUE;
    }
    return "an integer";
  }

  private static String quote(String raw) {
    return "'" + ValueConverter.shorten(raw) + "'";
  }
}
