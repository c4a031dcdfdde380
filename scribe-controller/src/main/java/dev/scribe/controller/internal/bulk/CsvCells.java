package dev.scribe.controller.internal.bulk;

import dev.scribe.core.Veto;
import dev.scribe.entity.AttributeKind;
import dev.scribe.entity.EntityAttribute;
import dev.scribe.entity.EntityModel;
import dev.scribe.entity.internal.ValueConverter;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The cells of a CSV row as values of their attributes, read as a spreadsheet writes them: an integer may come
 * as an integral decimal ({@code 2.0}, {@code 2.00}), which is how a spreadsheet writes the integers of a column
 * formatted with decimals. What is not left to the repository's conversion of text is converted here, so that a
 * refusal says in a spreadsheet's terms what the cell may hold.
 */
final class CsvCells {
  /** An integer, or an integral decimal: digits, then a point followed by zeros only. */
  private static final Pattern INTEGRAL = Pattern.compile("[+-]?\\d+(\\.0*)?");

  private final Map<String, Class<?>> types = new HashMap<>();

  private CsvCells(EntityModel<?> model, List<String> columns) {
    for (String column : columns) {
      EntityAttribute attribute = model.attributeOrNull(column);
      if (attribute != null && attribute.kind() == AttributeKind.BASIC) {
        types.put(column, ValueConverter.wrap(attribute.javaType()));
      }
    }
  }

  /** The cells of the CSV columns {@code columns}, all attributes of {@code model}. */
  static CsvCells of(EntityModel<?> model, List<String> columns) {
    return new CsvCells(model, columns);
  }

  /**
   * Converts the cells of {@code params} in place; a 400 naming each cell that is not a value of its column's
   * type, or null when every one is.
   */
  Veto convert(Map<String, Object> params) {
    Veto.Builder refused = null;
    for (Map.Entry<String, Object> cell : params.entrySet()) {
      Class<?> type = types.get(cell.getKey());
      if (type == null || !(cell.getValue() instanceof String text)) {
        continue;
      }
      try {
        cell.setValue(value(text, type));
      } catch (ValueConverter.ConversionException e) {
        refused = refused == null ? Veto.builder().status(400) : refused;
        refused.message(cell.getKey() + ": " + e.getMessage()).field(cell.getKey(), e.getMessage());
      }
    }
    return refused == null ? null : refused.build();
  }

  /** {@code text} as a {@code type} (a wrapper or a non-primitive type); text the repository converts stays text. */
  static Object value(String text, Class<?> type) {
    if (isWhole(type)) {
      return whole(text, type);
    }
    return text;
  }

  private static boolean isWhole(Class<?> type) {
    return type == Integer.class || type == Long.class || type == Short.class || type == Byte.class
        || type == BigInteger.class;
  }

  private static Object whole(String raw, Class<?> type) {
    String text = raw.strip();
    if (INTEGRAL.matcher(text).matches() && text.length() <= 1000) {
      int point = text.indexOf('.');
      String digits = point < 0 ? text : text.substring(0, point);
      BigInteger value = new BigInteger(digits);
      if (type == BigInteger.class) {
        return value;
      }
      if (value.bitLength() < 64) {
        long number = value.longValue();
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
      }
    }
    throw new ValueConverter.ConversionException(quote(raw) + " is not an integer; expected " + wholeForm(type));
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
