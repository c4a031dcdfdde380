package dev.scribe.controller.internal.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;
import org.junit.jupiter.api.Test;

/** The width of a CSV's rows counted as the parser reads them: separators in quoted cells are text. */
class CsvRowWidthTest {
  private static String read(String csv, char separator) throws IOException {
    return read(csv, separator, Long.MAX_VALUE);
  }

  private static String read(String csv, char separator, long maxRowChars) throws IOException {
    try (Reader reader = new CsvRowWidth(new StringReader(csv), separator, maxRowChars)) {
      StringWriter out = new StringWriter();
      reader.transferTo(out);
      return out.toString();
    }
  }

  @Test
  void separatorsInsideQuotedCellsAreNotCells() throws IOException {
    String quoted = "a,b\r\n\"" + ",".repeat(40_000) + "\"\"x\"\"\r\n" + ",".repeat(100) + "\",1\r\n";

    assertThat(read(quoted, ',')).isEqualTo(quoted);
    assertThat(read(";".repeat(CsvRowWidth.MAX_CELLS - 1) + "\n" + ";".repeat(CsvRowWidth.MAX_CELLS - 1), ';')).isNotEmpty();
  }

  @Test
  void aRowLongerThanTheLimitReachesTheParserAsItsCellsWithoutTheirText() throws IOException {
    String csv = "a,b,c\r\nshort,row,\"ok\"\r\n"
        + "long unquoted,\"quoted, with \"\"quotes\"\" and\r\na line\",x\n"
        + "\"" + "q".repeat(30) + "\",2,3\r"
        + "last,\"\",\r\n";
    CsvRowWidth reader = new CsvRowWidth(new StringReader(csv), ',', 16);
    StringWriter out = new StringWriter();
    reader.transferTo(out);

    // the quoted cell the limit falls in is closed for the parser; separators and row ends stay where they were
    assertThat(out.toString()).isEqualTo("a,b,c\r\nshort,row,\"ok\"\r\nlong unquoted,\"q\",\n\"" + "q".repeat(15) + "\",,\rlast,\"\",\r\n");
    assertThat(List.of(reader.tooLong(1), reader.tooLong(2), reader.tooLong(3), reader.tooLong(4), reader.tooLong(5)))
        .containsExactly(-1L, -1L, 53L, 36L, -1L);
    assertThat(CSVFormat.RFC4180.parse(new StringReader(out.toString())).getRecords())
        .extracting(record -> record.getRecordNumber() + ":" + record.size())
        .containsExactly("1:3", "2:3", "3:3", "4:3", "5:3");
  }

  @Test
  void aRowOfMoreCellsThanASpreadsheetHasColumnsStopsTheReaderNamingItsLine() {
    String wide = "a,b\r\n\"x\ny\",2\r\n" + ",".repeat(CsvRowWidth.MAX_CELLS) + "\r\n";
    // a quote in the middle of an unquoted cell is text, and opens nothing that would hide the commas after it
    String midQuote = "a,b\nx\"y" + "\t".repeat(CsvRowWidth.MAX_CELLS) + "\n";

    assertThatThrownBy(() -> read(wide, ',')).isInstanceOf(CsvRowWidth.TooWide.class)
        .hasMessageStartingWith("the CSV cannot be read: the row on line 4 has more than 16384 cells");
    assertThatThrownBy(() -> read(midQuote, '\t')).isInstanceOf(CsvRowWidth.TooWide.class)
        .hasMessageStartingWith("the CSV cannot be read: the row on line 2 ");
  }

  /** The rows after the header the import counts, by the parser as ImportRows reads them: not blank, or too long. */
  private static long parserCount(String csv, char separator, long maxRowChars) throws IOException {
    CsvRowWidth text = new CsvRowWidth(new StringReader(csv), separator, maxRowChars);
    CSVFormat format = CSVFormat.RFC4180.builder().setQuoteMode(QuoteMode.ALL_NON_NULL).setDelimiter(separator).get();
    long rows = 0;
    try (CSVParser parser = format.parse(text)) {
      for (CSVRecord record : parser) {
        boolean blank = true;
        for (int i = 0; i < record.size(); i++) {
          blank &= record.get(i) == null || record.get(i).isEmpty();
        }
        if (record.getRecordNumber() > 1 && (text.tooLong(record.getRecordNumber()) >= 0 || !blank)) {
          rows++;
        }
      }
    }
    return rows;
  }

  private static long lightCount(String csv, char separator, long maxRowChars) throws IOException {
    return new CsvRowWidth(new StringReader(csv), separator, maxRowChars).countRows();
  }

  @Test
  void theRowsAreCountedAsTheParserCountsThemOrLeftToIt() throws IOException {
    List<String> counted = List.of(
        "a,b\r\n1,2\r\n3,4\r\n",
        "a,b\n1,2\n3,4",
        "a,b\n\n\n1,2\n\n",
        "a,b\n,\n,,,\n1,\n",
        "a,b\n\"\",\"\"\n\"\",x\n",
        "a,b\n\"\"\"\",\n",
        "a,b\n\"x\ny\",2\r\n\"\r\n\",\r\n",
        "a,b\r1,2\r\r3,4\r",
        "a,b\n , \n",
        "a,b\nx\"y,\"z\"\n",
        "\"a\nb\",c\n1,2\n",
        "a,b\n",
        "a,b",
        "a,b\r\n" + "long unquoted,\"quoted, with \"\"quotes\"\" and\r\na line\",x\n\"" + "q".repeat(30) + "\",2,3\r\n"
            + "\"" + ",".repeat(40) + "\",\n" + ",".repeat(40) + "\n,\n");
    for (String csv : counted) {
      for (long max : new long[] {Long.MAX_VALUE, 16, 3}) {
        for (char separator : new char[] {',', ';'}) {
          String text = separator == ',' ? csv : csv.replace(',', ';');
          assertThat(lightCount(text, separator, max)).as("%s, limit %d", text, max)
              .isEqualTo(parserCount(text, separator, max));
        }
      }
    }
    // a closing quote followed by text (which the parser refuses, or reads dropping the spaces), a quoted cell the
    // text ends in, a last row past the limit without a line end: left to the parser
    assertThat(lightCount("a,b\n\"x\" ,2\n", ',', Long.MAX_VALUE)).isEqualTo(-1);
    assertThat(lightCount("a,b\n\"x\"y,2\n", ',', Long.MAX_VALUE)).isEqualTo(-1);
    assertThat(lightCount("a,b\n1,\"open\n", ',', Long.MAX_VALUE)).isEqualTo(-1);
    assertThat(lightCount("a,b\n" + ",".repeat(10), ',', 4)).isEqualTo(-1);
    assertThatThrownBy(() -> lightCount("a,b\n" + ",".repeat(CsvRowWidth.MAX_CELLS) + "\n", ',', Long.MAX_VALUE))
        .isInstanceOf(CsvRowWidth.TooWide.class);
  }

  @Test
  void aCountToTheEndTellsWhetherEveryRowWasWithinTheLimitAndPassedAsItCame() throws IOException {
    String csv = "a,b\r\n\"x\ny, \"\"z\"\"\",2\r\n" + "q".repeat(16) + ",3\n";
    CsvRowWidth within = new CsvRowWidth(new StringReader(csv), ',', 18);
    CsvRowWidth past = new CsvRowWidth(new StringReader(csv), ',', 17);

    assertThat(within.countRows()).isEqualTo(2);
    assertThat(within.noLongRows()).isTrue();
    assertThat(read(csv, ',', 18)).isEqualTo(csv); // what the parser then reads from the file itself
    assertThat(past.countRows()).isEqualTo(2);
    assertThat(past.noLongRows()).isFalse();
  }
}
