package dev.scribe.controller.internal.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
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
}
