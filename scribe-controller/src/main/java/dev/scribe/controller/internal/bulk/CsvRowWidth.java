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

  /** Where the reader is in a cell (an int rather than an enum: it is switched on for every character). */
  private static final int CELL_START = 0;
  private static final int UNQUOTED = 1;
  private static final int QUOTED = 2;
  private static final int QUOTE_IN_QUOTED = 3;

  private final char separator;
  private final long maxRowChars;
  private int state = CELL_START;
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
  /** The row being read has a cell that is not empty, as the parser reads its cells (see {@link #countRows}). */
  private boolean content;
  /** The ended rows after the header that {@link ImportRows} counts: not blank, or longer than the limit. */
  private long counted;
  /**
   * A closing quote was followed by something else than a separator, a line end or a doubled quote: a cell the
   * parser may refuse (or whose spaces it drops), which only the parser may count.
   */
  private boolean quoteFollowed;

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

  /** True when no row read so far was longer than the limit. */
  boolean noLongRows() {
    return longRows.isEmpty();
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
      if (n <= 0) {
        return n;
      }
      kept = pass(buffer, offset, n);
    } while (kept == 0); // text left out is no reason to answer nothing: read on
    return kept;
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
   * The rows after the header that are not blank (a cell with text, as the parser reads the cells: RFC 4180, a
   * quoted empty cell empty too) or that are longer than the limit, read to the end of the text without a parser:
   * the rows {@link ImportRows#count} answers, for a fraction of the parser's time. -1 when only the parser can
   * tell (a closing quote followed by other text, which it may refuse; the text ending in a quoted cell, which it
   * refuses; a last row longer than the limit without a line end), for the caller to count with the parser. Reads
   * on from where the reader is: the rows it passed before are counted too.
   */
  long countRows() throws IOException {
    char[] buffer = new char[8192];
    while (!quoteFollowed && read(buffer, 0, buffer.length) >= 0) {
      // each row is counted as it ends
    }
    if (quoteFollowed || state == QUOTED || rowChars > maxRowChars) {
      return -1;
    }
    return counted + (row >= 2 && content ? 1 : 0);
  }

  /**
   * Follows the {@code n} characters at {@code offset} through their rows, and moves those the parser gets to the
   * start of the range: each character itself, or in a row past the limit a quote where the text of a quoted cell
   * crossed it, and nothing for the rest of the cells' text. Answers how many it kept. The state lives in locals
   * for the loop, which runs for every character of the file (twice: the count, then the rows).
   */
  private int pass(char[] buffer, int offset, int n) throws TooWide {
    int state = this.state;
    int cells = this.cells;
    long line = this.line;
    long rowLine = this.rowLine;
    boolean afterCr = this.afterCr;
    long row = this.row;
    long rowChars = this.rowChars;
    boolean rowEnded = this.rowEnded;
    boolean content = this.content;
    long counted = this.counted;
    boolean quoteFollowed = this.quoteFollowed;
    char separator = this.separator;
    long maxRowChars = this.maxRowChars;
    int kept = 0;
    try {
      for (int i = 0; i < n; i++) {
        char c = buffer[offset + i];
        boolean newline = c == '\r' || c == '\n';
        boolean crlf = c == '\n' && afterCr;
        if (newline && !crlf) {
          line++;
        }
        afterCr = c == '\r';
        int before = state;
        boolean outside;
        switch (state) {
          case QUOTED -> {
            outside = false;
            if (c == '"') {
              state = QUOTE_IN_QUOTED;
            } else {
              content = true;
            }
          }
          case QUOTE_IN_QUOTED -> {
            outside = c != '"';
            if (!outside) {
              state = QUOTED; // a doubled quote inside the cell
              content = true;
            } else if (c != separator && !newline) {
              quoteFollowed = true;
            }
          }
          case CELL_START -> {
            outside = c != '"';
            if (!outside) {
              state = QUOTED;
            }
          }
          default -> outside = true;
        }
        boolean ended = false;
        if (outside) {
          // a character outside quotes: a separator starts a cell, a line end a row
          if (newline) {
            state = CELL_START;
            cells = 1;
            rowLine = line;
            if (!crlf) {
              ended = true;
              if (row >= 2 && (content || rowChars > maxRowChars)) {
                counted++;
              }
              content = false;
              row++;
            }
          } else if (c == separator) {
            state = CELL_START;
            if (++cells > MAX_CELLS) {
              throw new TooWide(rowLine);
            }
          } else {
            state = UNQUOTED;
            content = true;
          }
        }
        int passed;
        if (rowEnded && crlf) {
          // the rest of a CRLF: part of the end of the row before, not a character of this one
          rowEnded = false;
          passed = c;
        } else {
          rowEnded = ended;
          if (ended) {
            if (rowChars > maxRowChars) {
              longRows.put(row - 1, rowChars);
            }
            rowChars = 0;
            passed = c;
          } else if (++rowChars <= maxRowChars) {
            passed = c;
          } else if (rowChars == maxRowChars + 1 && before == QUOTED) {
            passed = '"'; // the parser is in a quoted cell: for it the cell ends here, and no more of its text comes
          } else {
            passed = c == separator && state == CELL_START ? c : -1;
          }
        }
        if (passed >= 0) {
          buffer[offset + kept++] = (char) passed;
        }
      }
    } finally {
      this.state = state;
      this.cells = cells;
      this.line = line;
      this.rowLine = rowLine;
      this.afterCr = afterCr;
      this.row = row;
      this.rowChars = rowChars;
      this.rowEnded = rowEnded;
      this.content = content;
      this.counted = counted;
      this.quoteFollowed = quoteFollowed;
    }
    return kept;
  }
}
