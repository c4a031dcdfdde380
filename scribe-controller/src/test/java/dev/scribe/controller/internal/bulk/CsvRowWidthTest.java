package dev.scribe.controller.internal.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The width of a CSV's rows counted as the parser reads them: separators in quoted cells are text. */
class CsvRowWidthTest {
  private static String read(String csv, char separator) throws IOException {
    try (Reader reader = new CsvRowWidth(new StringReader(csv), separator)) {
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
