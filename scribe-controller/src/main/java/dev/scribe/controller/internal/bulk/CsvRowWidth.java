package dev.scribe.controller.internal.bulk;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.util.HashMap;
import java.util.Map;

/**
 * A CSV's text on its way to the parser, stopped at the first row of more than {@link #MAX_CELLS} cells: the
 * parser holds a whole row in memory before anyone sees it, so a 16 MiB row of nothing but commas was sixteen million
 * strings, an {@code OutOfMemoryError} (a 500) and every other request short of memory meanwhile. The separators
 * are counted as the parser (RFC 4180) reads them: outside quoted cells, a quote opening a cell only at its start.
 * Lines are counted as the parser counts them (CR, LF and CRLF each end one, inside quoted cells too).
 *
 * <p>For the same reason a row longer than {@code maxRowChars} characters reaches the parser without the text of
 * its cells: past that length only its separators and its end are passed on (and a quote that closes the quoted cell
 * the parser is in), so the parser reads a row of as many cells, holding none of the text, and the row is
 * {@linkplain #tooLong reported} as a problem of its own. A 15 MB cell was held whole by the parser, and two dozen
 * imports of one at once ran a 256 MB heap out of memory.
 */
final class CsvRowWidth extends FilterReader {
  /** The columns of a spreadsheet (Excel's XFD): a file saved from one never has more cells in a row. */
  static final int MAX_CELLS = 16_384;

  /** Where the reader is in a cell. */
  private enum State { CELL_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED }

  private final char separator;
  private final long maxRowChars;
  private State state = State.CELL_START;
  private int cells = 1;
  private long line = 1;
  private long rowLine = 1;
  private boolean afterCr;
  /** The row being read, numbered as the parser numbers its records (the header is 1). */
  private long row = 1;
  /** The characters of the row so far, its end left out. */
  private long rowChars;
  /** The last character ended a row: a line feed right after it is the rest of a CRLF. */
  private boolean rowEnded;
  /** The length of each row longer than the limit, by its number: a few at most, the file's size being limited. */
  private final Map<Long, Long> longRows = new HashMap<>();

  CsvRowWidth(Reader in, char separator, long maxRowChars) {
    super(in);
    this.separator = separator;
    this.maxRowChars = maxRowChars;
  }

  /**
   * The length in characters of row {@code number} (the parser's record number) when it was longer than the limit
   * and the text of its cells was left out, or -1. Known once the parser has answered the row: it read past its end.
   */
  long tooLong(long number) {
    return longRows.getOrDefault(number, -1L);
  }

  /** A row too wide to be read: its line and the limit, said to the client. */
  static final class TooWide extends IOException {
    TooWide(long line) {
      super("the CSV cannot be read: the row on line " + line + " has more than " + MAX_CELLS + " cells, the columns"
          + " of a spreadsheet; remove the empty columns at the end of its rows");
    }
  }

  @Override
  public int read() throws IOException {
    char[] one = new char[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0];
  }

  @Override
  public int read(char[] buffer, int offset, int length) throws IOException {
    int n;
    int kept;
    do {
      n = super.read(buffer, offset, length);
      kept = 0;
      for (int i = 0; i < n; i++) {
        int passed = pass(buffer[offset + i]);
        if (passed >= 0) {
          buffer[offset + kept++] = (char) passed;
        }
      }
    } while (n > 0 && kept == 0); // text left out is no reason to answer nothing: read on
    return n < 0 ? n : kept;
  }

  @Override
  public long skip(long n) throws IOException {
    char[] skipped = new char[(int) Math.min(n, 8192)];
    int read = read(skipped, 0, skipped.length); // counted as read: a skipped separator is one all the same
    return Math.max(read, 0);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /**
   * Follows {@code c} through the row and says what the parser gets for it: {@code c} itself, or in a row past the
   * limit a quote where the text of a quoted cell crossed it, and -1 for the rest of the cells' text.
   */
  private int pass(char c) throws TooWide {
    if (rowEnded && c == '\n' && afterCr) {
      see(c); // the rest of a CRLF: part of the end of the row before, not a character of this one
      rowEnded = false;
      return c;
    }
    State before = state;
    long rowBefore = row;
    see(c);
    rowEnded = row != rowBefore;
    if (rowEnded) {
      if (rowChars > maxRowChars) {
        longRows.put(rowBefore, rowChars);
      }
      rowChars = 0;
      return c;
    }
    if (++rowChars <= maxRowChars) {
      return c;
    }
    if (rowChars == maxRowChars + 1 && before == State.QUOTED) {
      return '"'; // the parser is in a quoted cell: for it the cell ends here, and no more of its text comes
    }
    return c == separator && state == State.CELL_START ? c : -1;
  }

  private void see(char c) throws TooWide {
    boolean newline = c == '\r' || c == '\n';
    boolean crlf = c == '\n' && afterCr;
    if (newline && !(c == '\n' && afterCr)) {
      line++;
    }
    afterCr = c == '\r';
    switch (state) {
      case QUOTED -> {
        if (c == '"') {
          state = State.QUOTE_IN_QUOTED;
        }
      }
      case QUOTE_IN_QUOTED -> {
        if (c == '"') {
          state = State.QUOTED; // a doubled quote inside the cell
        } else {
          outside(c, newline, crlf);
        }
      }
      case CELL_START -> {
        if (c == '"') {
          state = State.QUOTED;
        } else {
          outside(c, newline, crlf);
        }
      }
      case UNQUOTED -> outside(c, newline, crlf);
    }
  }

  /** A character outside quotes: a separator starts a cell, a line end a row. */
  private void outside(char c, boolean newline, boolean crlf) throws TooWide {
    if (newline) {
      state = State.CELL_START;
      cells = 1;
      rowLine = line;
      if (!crlf) {
        row++;
      }
    } else if (c == separator) {
      state = State.CELL_START;
      if (++cells > MAX_CELLS) {
        throw new TooWide(rowLine);
      }
    } else {
      state = State.UNQUOTED;
    }
  }
}
