package dev.scribe.controller.internal.bulk;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scribe.controller.http.bulk.ExportFormat;
import dev.scribe.controller.http.problem.StorageFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * Writes the rows of an export in one format, one row at a time, straight to the response: a header
 * (the column names), then the rows, then {@link #finish()}. Only XLSX buffers, in POI's streaming
 * workbook, which keeps a window of rows in memory and the rest in a temporary file.
 */
public abstract class ExportWriter {
  /** The characters that make a spreadsheet read a text cell as a formula; such text is exported behind a quote. */
  private static final String FORMULA_STARTS = "=+-@\t\r";

  abstract void header(List<String> names);

  abstract void row(List<Object> values);

  abstract void finish();

  /** Releases what an unfinished export holds (the workbook's temporary files). */
  void abort() {}

  /**
   * {@code bom}: a CSV export starts with a UTF-8 byte order mark; {@code headerRow}: a CSV export's first row names
   * the columns (false: RFC 4180's header=absent, the rows only).
   */
  static ExportWriter of(ExportFormat format, OutputStream out, ObjectMapper mapper, String path, boolean bom,
      boolean headerRow) {
    switch (format) {
      case CSV:
        return new Csv(out, mapper, bom, headerRow);
      case NDJSON:
        return new Json(out, mapper, false);
      case JSON:
        return new Json(out, mapper, true);
      case XLSX:
        return new Xlsx(out, mapper, path);
      default:
        throw new AssertionError(format);
    }
  }

  /**
   * Text that a spreadsheet would run as a formula ({@code =cmd|' /C calc'!A0}, {@code +1}, {@code -1},
   * {@code @SUM(...)}) gets a leading apostrophe, as does text already starting with one, so that
   * {@link #unguard} gives back exactly the original text on import.
   */
  static String guard(String text) {
    if (!text.isEmpty() && (FORMULA_STARTS.indexOf(text.charAt(0)) >= 0 || text.charAt(0) == '\'')) {
      return "'" + text;
    }
    return text;
  }

  /** The inverse of {@link #guard}: one leading apostrophe removed. */
  static String unguard(String text) {
    return text.startsWith("'") ? text.substring(1) : text;
  }

  /** The text of a cell: ISO-8601 dates, plain decimals, enum names, JSON for embedded records; null stays null. */
  static String text(Object value, ObjectMapper mapper) {
    if (value == null) {
      return null;
    }
    if (value instanceof String) {
      return guard((String) value);
    }
    if (value instanceof BigDecimal) {
      return ((BigDecimal) value).toPlainString();
    }
    if (value instanceof Enum) {
      return ((Enum<?>) value).name();
    }
    if (value instanceof Map || value instanceof List) {
      try {
        return guard(mapper.writeValueAsString(value));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return String.valueOf(value);
  }

  /**
   * RFC 4180 CSV in UTF-8, CRLF line ends, a header line unless header=absent; null is an empty field, empty text a quoted one
   * ({@code ""}), which the import reads back as empty text: written as an empty field like null, "" came back
   * as null.
   */
  private static final class Csv extends ExportWriter {
    private static final CSVFormat FORMAT = CSVFormat.RFC4180;
    private final Writer writer;
    private final ObjectMapper mapper;

    private final boolean bom;
    private final boolean headerRow;

    Csv(OutputStream out, ObjectMapper mapper, boolean bom, boolean headerRow) {
      this.mapper = mapper;
      this.bom = bom;
      this.headerRow = headerRow;
      this.writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    }

    @Override
    void header(List<String> names) {
      try {
        if (bom) {
          writer.write('\uFEFF');
        }
        if (headerRow) {
          FORMAT.printRecord(writer, names.toArray());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    void row(List<Object> values) {
      try {
        boolean first = true;
        for (Object value : values) {
          String text = text(value, mapper);
          if (text != null && text.isEmpty()) {
            // the format quotes an empty value only at the start of a line
            writer.append(first ? "\"\"" : ",\"\"");
          } else {
            FORMAT.print(text, writer, first);
          }
          first = false;
        }
        FORMAT.println(writer);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    void finish() {
      try {
        writer.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** One JSON object per line (NDJSON), or a JSON array of objects; values keep their JSON types. */
  private static final class Json extends ExportWriter {
    private final JsonGenerator generator;
    private final boolean array;
    private final OutputStream out;
    private List<String> names = List.of();

    Json(OutputStream out, ObjectMapper mapper, boolean array) {
      this.out = out;
      this.array = array;
      try {
        this.generator = mapper.getFactory().createGenerator(out);
        generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        if (array) {
          generator.writeStartArray();
        } else {
          // Lines are separated by the newline written after each object, not by the generator's space.
          generator.setRootValueSeparator(null);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    void header(List<String> columnNames) {
      this.names = List.copyOf(columnNames);
    }

    @Override
    void row(List<Object> values) {
      Map<String, Object> object = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        object.put(names.get(i), values.get(i));
      }
      try {
        generator.writeObject(object);
        if (!array) {
          generator.writeRaw('\n');
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    void finish() {
      try {
        if (array) {
          generator.writeEndArray();
        }
        generator.close();
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * An XLSX workbook of one sheet: numbers and booleans as such, text guarded against formulas, dates as ISO text.
   * Its rows go to temporary files until {@link #finish()} writes the workbook: a temporary directory that cannot
   * be written (full, missing, not a directory) fails before the first byte is sent, and is answered as the
   * server's storage failure (507 when out of space, 503 otherwise), as an import's or a download's spool is.
   */
  private static final class Xlsx extends ExportWriter {
    private static final int WINDOW = 100;
    /** The most characters a cell of a workbook holds. */
    static final int MAX_CELL = 32_767;
    private final CountingStream out;
    private final ObjectMapper mapper;
    private final String path;
    /**
     * The most significant digits a spreadsheet keeps of a number: an integer or a decimal with more is written as
     * text, which keeps every digit (an id of 19 digits showed as 1.23457E+18 and lost its last four).
     */
    static final int MAX_DIGITS = 15;
    /**
     * The rows a sheet holds (1,048,576, the header's included): the export goes on in a next sheet, under the same
     * header, where POI refused the row after the last and the export was a 500.
     */
    static final int SHEET_ROWS = org.apache.poi.ss.SpreadsheetVersion.EXCEL2007.getMaxRows();
    private final SXSSFWorkbook workbook = new SXSSFWorkbook(WINDOW);
    private final Map<Integer, CellStyle> formats = new java.util.HashMap<>();
    private SXSSFSheet sheet;
    private int sheets = 1;
    private List<String> header;
    private int next;

    Xlsx(OutputStream out, ObjectMapper mapper, String path) {
      this.out = new CountingStream(out);
      this.mapper = mapper;
      this.path = path;
      workbook.setCompressTempFiles(true);
      try {
        sheet = workbook.createSheet("export");
      } catch (RuntimeException e) {
        workbook.dispose();
        throw spoolFailure(e);
      }
    }

    @Override
    void header(List<String> names) {
      header = List.copyOf(names);
      writeHeader();
    }

    private void writeHeader() {
      Row row = createRow();
      for (int i = 0; i < header.size(); i++) {
        row.createCell(i).setCellValue(cellText(header.get(i)));
      }
    }

    @Override
    void row(List<Object> values) {
      Row row = createRow();
      for (int i = 0; i < values.size(); i++) {
        Object value = values.get(i);
        if (value == null) {
          continue;
        }
        Cell cell = row.createCell(i);
        if (isWhole(value)) {
          String digits = value.toString();
          if (digits.length() - (digits.startsWith("-") ? 1 : 0) > MAX_DIGITS) {
            cell.setCellValue(digits);
          } else {
            cell.setCellValue(((Number) value).doubleValue());
            cell.setCellStyle(format(0));
          }
        } else if (value instanceof BigDecimal decimal) {
          if (decimal.precision() > MAX_DIGITS) {
            cell.setCellValue(decimal.toPlainString());
          } else {
            cell.setCellValue(decimal.doubleValue());
            cell.setCellStyle(format(Math.max(0, decimal.scale())));
          }
        } else if (value instanceof Number) {
          cell.setCellValue(((Number) value).doubleValue());
        } else if (value instanceof Boolean) {
          cell.setCellValue((Boolean) value);
        } else {
          cell.setCellValue(cellText(text(value, mapper)));
        }
      }
    }

    private static boolean isWhole(Object value) {
      return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
          || value instanceof BigInteger;
    }

    /**
     * The style showing a number with {@code scale} decimals: {@code 0} for integers, {@code 0.00} for a decimal of
     * scale 2. In the general format an id showed as 7 but was read back by libraries as 7.0, and an amount of
     * 2.50 showed as 2.5; a sheet saved as CSV wrote them so.
     */
    private CellStyle format(int scale) {
      return formats.computeIfAbsent(scale, digits -> {
        CellStyle style = workbook.createCellStyle();
        style.setDataFormat(workbook.createDataFormat().getFormat(digits == 0 ? "0" : "0." + "0".repeat(digits)));
        return style;
      });
    }

    /**
     * A new row; the one that leaves the window is written to the sheet's temporary file. A full sheet is followed by
     * the next ({@code export 2}, ...), which starts with the header again so that each sheet reads on its own.
     */
    private Row createRow() {
      try {
        if (next == SHEET_ROWS) {
          sheet = workbook.createSheet("export " + ++sheets);
          next = 0;
          if (header != null) {
            writeHeader();
          }
        }
        return sheet.createRow(next++);
      } catch (RuntimeException e) {
        throw spoolFailure(e);
      }
    }

    /**
     * POI wraps the {@link IOException} of its temporary files in a runtime exception; one that is not about
     * them is passed on as it is.
     */
    private RuntimeException spoolFailure(RuntimeException failure) {
      for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
        if (cause instanceof IOException) {
          return StorageFailure.of(path + " could not spool the workbook to a temporary file", "nothing was sent",
              (IOException) cause);
        }
      }
      return failure;
    }

    /**
     * The text cut to the 32,767 characters a spreadsheet cell holds (never inside a surrogate pair): the
     * workbook refuses a longer one, and the rows before it are already sent. The other formats carry it whole.
     */
    static String fitted(String text) {
      if (text.length() <= MAX_CELL) {
        return text;
      }
      int end = Character.isHighSurrogate(text.charAt(MAX_CELL - 1)) ? MAX_CELL - 1 : MAX_CELL;
      return text.substring(0, end);
    }

    /**
     * The text as a cell holds it: a character XML 1.0 does not allow (a control character other than tab, line
     * feed and carriage return, U+FFFE, U+FFFF, an unpaired surrogate) is written as the workbook format's escape
     * {@code _xHHHH_}, which spreadsheets and POI read back as the character (POI wrote {@code ?} in its place, and
     * the character was lost), and text that already reads as such an escape ({@code _x0041_}) gets its underscore
     * escaped ({@code _x005F_x0041_}), so it is not read back as {@code A}. The result is {@linkplain #fitted cut}
     * to what a cell holds, never inside an escape.
     */
    static String cellText(String text) {
      if (!needsEscape(text)) {
        return fitted(text);
      }
      StringBuilder cell = new StringBuilder(Math.min(text.length() + 16, MAX_CELL));
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
            && Character.isLowSurrogate(text.charAt(i + 1));
        String unit;
        if (pair) {
          unit = text.substring(i, i + 2);
        } else if (notXml(c)) {
          unit = String.format(java.util.Locale.ROOT, "_x%04X_", (int) c);
        } else if (c == '_' && readsAsEscape(text, i)) {
          unit = "_x005F_";
        } else {
          unit = String.valueOf(c);
        }
        if (cell.length() + unit.length() > MAX_CELL) {
          break;
        }
        cell.append(unit);
        i += pair ? 1 : 0;
      }
      return cell.toString();
    }

    private static boolean needsEscape(String text) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else if (notXml(c) || c == '_' && readsAsEscape(text, i)) {
          return true;
        }
      }
      return false;
    }

    private static boolean notXml(char c) {
      return c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == '\uFFFE' || c == '\uFFFF' || Character.isSurrogate(c);
    }

    /** Whether {@code _x}, four hexadecimal digits and {@code _} start at {@code i}. */
    private static boolean readsAsEscape(String text, int i) {
      if (i + 7 > text.length() || text.charAt(i + 1) != 'x' || text.charAt(i + 6) != '_') {
        return false;
      }
      for (int k = i + 2; k < i + 6; k++) {
        char digit = text.charAt(k);
        if (!(digit >= '0' && digit <= '9' || digit >= 'A' && digit <= 'F' || digit >= 'a' && digit <= 'f')) {
          return false;
        }
      }
      return true;
    }

    @Override
    void abort() {
      workbook.dispose();
    }

    @Override
    void finish() {
      try {
        workbook.write(out);
        out.flush();
      } catch (IOException e) {
        if (out.written == 0) {
          // the last rows and the end of the sheet's temporary file are written first: nothing went out yet
          throw StorageFailure.of(path + " could not spool the workbook to a temporary file", "nothing was sent", e);
        }
        throw new UncheckedIOException(e);
      } finally {
        workbook.dispose();
        try {
          workbook.close();
        } catch (IOException ignored) {
          // The temporary files are already removed by dispose(); nothing else is held.
        }
      }
    }
  }

  /** The response's stream, counting what went through it: a failure before the first byte is not the client's. */
  private static final class CountingStream extends java.io.FilterOutputStream {
    long written;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      written++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
      written += length;
    }
  }
}
