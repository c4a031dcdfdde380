package dev.scribe.controller.internal.bulk;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * A CSV's text on its way to the parser, stopped at the first row of more than {@link #MAX_CELLS} cells: the
 * parser holds a whole row in memory before anyone sees it, so a 16 MiB row of nothing but commas was sixteen million
 * strings, an {@code OutOfMemoryError} (a 500) and every other request short of memory meanwhile. The separators
 * are counted as the parser (RFC 4180) reads them: outside quoted cells, a quote opening a cell only at its start.
 * Lines are counted as the parser counts them (CR, LF and CRLF each end one, inside quoted cells too).
 */
final class CsvRowWidth extends FilterReader {
  /** The columns of a spreadsheet (Excel's XFD): a file saved from one never has more cells in a row. */
  static final int MAX_CELLS = 16_384;

  /** Where the reader is in a cell. */
  private enum State { CELL_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED }

  private final char separator;
  private State state = State.CELL_START;
  private int cells = 1;
  private long line = 1;
  private long rowLine = 1;
  private boolean afterCr;

  CsvRowWidth(Reader in, char separator) {
    super(in);
    this.separator = separator;
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
    int c = super.read();
    if (c >= 0) {
      see((char) c);
    }
    return c;
  }

  @Override
  public int read(char[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    for (int i = 0; i < n; i++) {
      see(buffer[offset + i]);
    }
    return n;
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

  private void see(char c) throws TooWide {
    boolean newline = c == '\r' || c == '\n';
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
          outside(c, newline);
        }
      }
      case CELL_START -> {
        if (c == '"') {
          state = State.QUOTED;
        } else {
          outside(c, newline);
        }
      }
      case UNQUOTED -> outside(c, newline);
    }
  }

  /** A character outside quotes: a separator starts a cell, a line end a row. */
  private void outside(char c, boolean newline) throws TooWide {
    if (newline) {
      state = State.CELL_START;
      cells = 1;
      rowLine = line;
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
