package dev.scribe.controller.internal.bulk;

import dev.scribe.controller.http.ImportFile;
import dev.scribe.controller.http.bulk.ImportFormat;
import dev.scribe.controller.http.codec.JsonCodec;
import dev.scribe.controller.internal.request.BodyShapes;
import dev.scribe.core.Veto;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

/**
 * Reads the rows of an import file one at a time, each as the params of one record with the number it has in
 * the file: for CSV the row as a spreadsheet numbers it (the header is row 1), for NDJSON the line. A CSV
 * header names the attributes; a cell is text (an empty cell is null, which {@link CsvCells} leaves out of the
 * params as a value not given), converted later by {@link CsvCells};
 * one leading apostrophe, which an export puts before formula-looking text, is removed. A quoted empty cell
 * ({@code ""}) is empty text in a column of a text attribute, as the export writes empty text, and null in any
 * other, as a writer that quotes every cell sends a missing value. A row that cannot
 * be read (a wrong number of cells, a line that is not a JSON object) comes with its problem instead.
 */
public final class ImportRows implements Iterator<ImportRows.Row>, AutoCloseable {
  /**
   * One row: its number in the file, and its params or why it could not be read; {@code chars}, the length of its
   * text in the file, what its params may take in memory.
   */
  record Row(long number, Map<String, Object> params, String problem, long chars) {
    Row(long number, Map<String, Object> params, String problem) {
      this(number, params, problem, 0);
    }
  }

  private final ImportFile file;
  private final Reader reader;
  private final JsonCodec json;
  private final List<String> columns;
  /** The cells of the header row, its unnamed columns at the end included. */
  private final int width;
  /** The CSV's separator, read from its header. */
  private char separator = ',';
  /** Per column: whether a quoted empty cell is empty text (a text attribute) rather than null. */
  private final boolean[] textColumns;
  private final Iterator<CSVRecord> records;
  /**
   * The CSV's text on its way to the parser, which knows the rows too long to be held; null when the file's count
   * found every row within the limits, and the parser reads the text as it is.
   */
  private final CsvRowWidth csvText;
  private final BoundedLines lines;
  private long lineNumber;
  private Row next;
  /** The CSV parser was asked for a row after the header (or the text was read on without it). */
  private boolean pastHeader;
  /** {@link #count} read the CSV's whole text and found no row too long or too wide to be held. */
  private boolean withinLimits;

  private ImportRows(ImportFile file, Reader reader, JsonCodec json, CSVParser csv, CsvRowWidth csvText,
      Set<String> texts, List<String> names) {
    this.file = file;
    this.reader = reader;
    this.json = json;
    this.csvText = csvText;
    if (csv != null) {
      Iterator<CSVRecord> iterator = csv.iterator();
      CSVRecord first = iterator.hasNext() ? iterator.next() : null;
      if (first != null && tooLong(first.getRecordNumber()) >= 0) {
        throw new Veto(400, "the CSV header is " + tooLong(first.getRecordNumber()) + " characters long, more"
            + " than a row may be (" + file.recordChars() + "); the header row names the attribute of each column");
      }
      List<String> header = first != null ? header(first) : List.of();
      this.width = first != null ? Math.max(first.size(), header.size()) : 0;
      this.columns = names != null && names.size() == header.size() ? names : header;
      this.textColumns = new boolean[columns.size()];
      for (int i = 0; i < columns.size(); i++) {
        textColumns[i] = texts.contains(columns.get(i));
      }
      this.records = iterator;
      this.lines = null;
    } else {
      this.columns = List.of();
      this.textColumns = new boolean[0];
      this.width = 0;
      this.records = null;
      this.lines = new BoundedLines(reader, file.recordChars());
    }
  }

  /** The rows of {@code file} (no text column known: every empty cell is null); see {@link #open(ImportFile, JsonCodec, Set, List, boolean)}. */
  static ImportRows open(ImportFile file, JsonCodec json) {
    return open(file, json, Set.of(), null, false);
  }

  /**
   * The rows of {@code file}, {@code texts} naming the columns of text attributes (where a quoted empty cell
   * is empty text), {@code names} (when not null) the attribute of each CSV column, the keys of a row's params in
   * place of the header's names; a 400 for a CSV header that is empty, blank or names a column twice.
   * {@code withinLimits}: a {@link #count} of the same file {@linkplain #withinLimits found} no row too long or too
   * wide to be held, and the parser reads its text as it is, without following each character of it a second time.
   */
  static ImportRows open(ImportFile file, JsonCodec json, Set<String> texts, List<String> names, boolean withinLimits) {
    Reader reader = null;
    try {
      reader = file.open();
      if (file.format() == ImportFormat.CSV) {
        char separator = separator(reader);
        CsvRowWidth text = withinLimits ? null : new CsvRowWidth(reader, separator, file.recordChars());
        CSVParser parser = csvFormat(separator).parse(text != null ? text : reader);
        ImportRows rows = new ImportRows(file, reader, json, parser, text, texts, names);
        rows.separator = separator;
        return rows;
      }
      return new ImportRows(file, reader, json, null, null, texts, names);
    } catch (IOException | RuntimeException e) {
      if (reader != null) {
        closeQuietly(reader);
      }
      throw failure(file, e);
    }
  }

  /** The separator of the CSV's columns: a comma, a semicolon or a tab. */
  char separator() {
    return separator;
  }

  /** The CSV header's column names, in order; empty for NDJSON. */
  List<String> columns() {
    return columns;
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      try {
        next = records != null ? nextCsv() : nextLine();
      } catch (IOException | RuntimeException e) {
        throw failure(file, e);
      }
    }
    return next != null;
  }

  @Override
  public Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Row row = next;
    next = null;
    return row;
  }

  /**
   * Counts the rows left, as {@link #next} would give them (blank CSV rows and blank NDJSON lines left out, a row
   * that cannot be read counted), without making their params: the count before an import is a pass over the
   * whole file, and the maps of its cells, made only to be dropped, were most of its time.
   */
  long count() {
    if (records != null && !pastHeader) {
      long rows = lightCount();
      if (rows >= 0) {
        return rows;
      }
      try (ImportRows again = open(file, json)) {
        return again.parserCount(); // a file only the parser can count, read again from its start
      }
    }
    return parserCount();
  }

  /**
   * True once {@link #count} has followed the CSV's whole text to its end and found no row longer than a record may
   * be, nor one of more cells than {@link CsvRowWidth#MAX_CELLS}: the same file read again holds no row the parser
   * must be kept from holding. False for NDJSON, and when the count needed the parser.
   */
  boolean withinLimits() {
    return withinLimits;
  }

  /** {@link #count} by the parser, or NDJSON's lines. */
  private long parserCount() {
    long rows = next != null ? 1 : 0;
    next = null;
    try {
      if (records != null) {
        while (records.hasNext()) {
          CSVRecord record = records.next();
          if (tooLong(record.getRecordNumber()) >= 0 || !blank(record)) {
            rows++;
          }
        }
      } else {
        while (lines.next(false)) {
          lineNumber++;
          if (!lines.blank()) {
            rows++;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      throw failure(file, e);
    }
    return rows;
  }

  /**
   * The rows after the header counted by the CSV's text on its way to the parser ({@link CsvRowWidth#countRows}),
   * as the parser would count them, without the parser's making every cell a string: the count's pass over the file
   * took as much time as the parse of the rows that are imported. -1 when only the parser can tell, or the text could
   * not be read: the parser, reading again from the start, counts it or fails as it always did.
   */
  private long lightCount() {
    pastHeader = true;
    try {
      long rows = csvText.countRows();
      withinLimits = rows >= 0 && csvText.noLongRows();
      return rows;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private Row nextCsv() {
    pastHeader = true;
    while (records.hasNext()) {
      CSVRecord record = records.next();
      long number = record.getRecordNumber();
      long length = tooLong(number);
      if (length >= 0) {
        // its cells reached the parser without their text, which no one held
        return new Row(number, null, "is " + length + " characters long, more than a row of one record may be ("
            + file.recordChars() + "); send the record's values, one record on each row");
      }
      if (blank(record)) {
        continue; // a blank line, or a row of empty cells as a spreadsheet saves the rows of its range
      }
      if (record.size() != columns.size() && (record.size() < columns.size() || record.size() > width)) {
        return new Row(number, null, shapeProblem(record.size(), columns));
      }
      for (int i = columns.size(); i < record.size(); i++) {
        String extra = record.get(i);
        if (extra != null && !extra.isEmpty()) {
          return new Row(number, null, "has the value '" + Importer.shown(extra) + "' in column " + (i + 1)
              + ", which has no name in the header; name the column, or empty its cells");
        }
      }
      Map<String, Object> params = new LinkedHashMap<>();
      long chars = 0;
      for (int i = 0; i < columns.size(); i++) {
        String cell = record.get(i);
        chars += cell == null ? 1 : cell.length() + 1;
        params.put(columns.get(i), cell == null || cell.isEmpty() && !textColumns[i] ? null : ExportWriter.unguard(cell));
      }
      return new Row(number, params, null, chars);
    }
    return null;
  }

  /** The length of row {@code number} when it was too long to be held ({@link CsvRowWidth#tooLong}), or -1. */
  private long tooLong(long number) {
    return csvText == null ? -1 : csvText.tooLong(number);
  }

  /** A row's number of cells against the header's columns: "has 1 cell, but the header has 2 columns: title, priority". */
  static String shapeProblem(int cells, List<String> columns) {
    return "has " + count(cells, "cell") + ", but the header has " + count(columns.size(), "column") + ": "
        + String.join(", ", columns);
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /**
   * The next NDJSON line as a row. A line longer than {@link ImportFile#recordChars()}, one record as long as a JSON
   * body may be, is a problem of its row, neither held nor read as JSON: its values are read before the row is
   * judged, and a 15 MB line of empty objects was five million maps.
   */
  private Row nextLine() throws IOException {
    while (lines.next(true)) {
      lineNumber++;
      if (lines.blank()) {
        continue;
      }
      String line = lines.text();
      if (line == null) {
        return new Row(lineNumber, null, "is " + lines.length() + " characters long, more than a line of one record may"
            + " be (" + file.recordChars() + "); send the record's values, one record on each line");
      }
      Object value;
      try {
        value = json.read(line.getBytes(StandardCharsets.UTF_8), "one JSON object on each line");
      } catch (Veto malformed) {
        return new Row(lineNumber, null, lineProblem(String.join("; ", malformed.messages())));
      }
      if (!(value instanceof Map)) {
        return new Row(lineNumber, null, "is " + BodyShapes.kind(value) + "; each line must be one JSON object");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> params = (Map<String, Object>) value;
      return new Row(lineNumber, params, null, line.length());
    }
    return null;
  }

  /** The JSON reader's refusal of a body, said of one NDJSON line: the row already gives its number, the column is in the line. */
  static String lineProblem(String message) {
    if (message.startsWith("the body is the JSON literal null")) {
      return "is the JSON literal null; each line must be one JSON object";
    }
    String problem = message.startsWith(NOT_JSON) ? "is not valid JSON: " + message.substring(NOT_JSON.length()) : message;
    return problem.replaceFirst(" at line 1, column ", " at column ");
  }

  /**
   * RFC 4180, telling a quoted empty cell ({@code ""}, read as empty text) from an unquoted one (read as null):
   * the parser does so only in this quote mode, which it does not otherwise use for reading.
   */
  private static final CSVFormat CSV = CSVFormat.RFC4180.builder().setQuoteMode(QuoteMode.ALL_NON_NULL).get();

  private static final String NOT_JSON = "the body is not valid JSON: ";
  /** The separators a CSV may have; its header tells which, by the first of them outside quotes. */
  static final String SEPARATORS = ",;\t";
  /** How far into the file the header's separator is looked for: a header longer than that is separated by commas. */
  private static final int SNIFF_CHARS = 64 * 1024;

  private static CSVFormat csvFormat(char separator) {
    return separator == ',' ? CSV : CSV.builder().setDelimiter(separator).get();
  }

  /**
   * The separator of the CSV that {@code reader} is at the start of: the first comma, semicolon or tab of its header
   * row outside quotes, a comma when there is none (a header of one column). An attribute's name holds none of
   * them, so a header cannot be read wrongly so: Excel in a locale whose decimal separator is a comma saves CSV
   * with semicolons, and that file was refused. The reader is left where it was.
   */
  private static char separator(Reader reader) throws IOException {
    reader.mark(SNIFF_CHARS);
    try {
      boolean quoted = false;
      for (int i = 0; i < SNIFF_CHARS; i++) {
        int c = reader.read();
        if (c < 0 || !quoted && (c == '\n' || c == '\r')) {
          break;
        }
        if (c == '"') {
          quoted = !quoted;
        } else if (!quoted && SEPARATORS.indexOf(c) >= 0) {
          return (char) c;
        }
      }
      return ',';
    } finally {
      reader.reset();
    }
  }

  /** An unclosed quote as commons-csv says it: "(startline 4) EOF reached before encapsulated token finished". */
  private static final Pattern UNCLOSED =
      Pattern.compile("\\(startline (\\d+)\\) EOF reached before encapsulated token finished");
  /** Text after a closing quote: "Invalid character between encapsulated token and delimiter at line: 2, position: 19". */
  private static final Pattern AFTER_QUOTE =
      Pattern.compile("Invalid char(?:acter)? between encapsulated token and delimiter at line: (\\d+)");

  /** What the CSV parser could not read, in the client's terms: the line of the file, what is wrong there and the fix. */
  static String csvProblem(String parserMessage) {
    String message = parserMessage == null ? "" : parserMessage;
    Matcher unclosed = UNCLOSED.matcher(message);
    if (unclosed.find()) {
      return "the CSV cannot be read: the quoted cell that starts on line " + unclosed.group(1)
          + " is never closed; end it with a double quote, and write a double quote inside a quoted cell as two (\"\")";
    }
    Matcher after = AFTER_QUOTE.matcher(message);
    if (after.find()) {
      return "the CSV cannot be read: on line " + after.group(1) + ", a quoted cell is followed by more text before the"
          + " next comma; quote the whole cell, and write a double quote inside it as two (\"\")";
    }
    return "the CSV cannot be read: " + message;
  }

  /** Whether every cell of {@code record} is empty: a blank line, or a row a spreadsheet saves around its data. */
  private static boolean blank(CSVRecord record) {
    for (int i = 0; i < record.size(); i++) { // not its iterator, which copies the row into a list first
      String cell = record.get(i);
      if (cell != null && !cell.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The names of the header's columns, up to the last one that has a name: a spreadsheet saves the unnamed columns
   * of the range once used after them (rows of whose cells must then be empty). An unnamed column before a named
   * one is a 400.
   */
  private static List<String> header(CSVRecord record) {
    List<String> names = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    int named = record.size();
    while (named > 0 && (record.get(named - 1) == null || stripped(record.get(named - 1)).isEmpty())) {
      named--;
    }
    for (int i = 0; i < named; i++) {
      String cell = record.get(i);
      String name = cell == null ? "" : ExportWriter.unguard(stripped(cell));
      if (name.isEmpty()) {
        throw new Veto(400, "column " + (names.size() + 1) + " of the CSV header has no name; the header row names the"
            + " attribute of each column");
      }
      if (!seen.add(name)) {
        throw new Veto(400, "the CSV header names the column '" + Importer.shown(name) + "' twice");
      }
      names.add(name);
    }
    return List.copyOf(names);
  }

  /**
   * A header's name without the spaces around it, no-break ones too ({@code String.strip} passes over U+00A0, which a
   * name pasted from a web page keeps, and {@code title\u00a0} was no attribute).
   */
  private static String stripped(String name) {
    int start = 0;
    int end = name.length();
    while (start < end && space(name.charAt(start))) {
      start++;
    }
    while (end > start && space(name.charAt(end - 1))) {
      end--;
    }
    return name.substring(start, end);
  }

  private static boolean space(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  private static RuntimeException failure(ImportFile file, Exception e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof CsvRowWidth.TooWide tooWide) {
        return new Veto(400, tooWide.getMessage());
      }
    }
    Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
    if (cause instanceof Veto) {
      return (Veto) cause;
    }
    if (cause instanceof CharacterCodingException
        || cause != null && cause.getCause() instanceof CharacterCodingException) {
      return new Veto(400, notUtf8(file));
    }
    if (cause instanceof IOException || cause instanceof IllegalStateException) {
      // commons-csv reports a malformed file (an unclosed quote) as an IOException or an UncheckedIOException
      return new Veto(400, csvProblem(cause.getMessage()));
    }
    return cause instanceof RuntimeException ? (RuntimeException) cause : new UncheckedIOException((IOException) cause);
  }

  /** Where {@code file} stops being UTF-8, read again from its start. */
  private static String notUtf8(ImportFile file) {
    try (InputStream bytes = file.bytes()) {
      return NotUtf8.describe(bytes);
    } catch (IOException | UncheckedIOException e) {
      return "the import is not valid UTF-8 text; save the file as UTF-8";
    }
  }

  @Override
  public void close() {
    closeQuietly(reader);
  }

  private static void closeQuietly(Reader reader) {
    try {
      reader.close();
    } catch (IOException ignored) {
      // a read-only temporary file
    }
  }
}
