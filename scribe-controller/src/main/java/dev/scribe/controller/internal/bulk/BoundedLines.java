package dev.scribe.controller.internal.bulk;

import java.io.IOException;
import java.io.Reader;

/**
 * The lines of an NDJSON file, each held in memory up to {@code limit} characters: a longer line is measured and
 * passed over, never held. {@link java.io.BufferedReader#readLine()} held each line whole before its length could be
 * judged, so an import of one 15 MB line held it several times over while the row was counted and read, and two
 * dozen such imports at once ran a 256 MB heap out of memory (a 500 each). Lines end as {@code readLine} ends them:
 * at a line feed, a carriage return, or both.
 */
final class BoundedLines {
  private final Reader in;
  private final int limit;
  private final char[] buffer = new char[8192];
  private final StringBuilder line = new StringBuilder();
  private int position;
  private int end;
  /** A carriage return ended the last line: a line feed right after it belongs to it. */
  private boolean skipLineFeed;
  private long length;
  private boolean blank;

  BoundedLines(Reader in, int limit) {
    this.in = in;
    this.limit = limit;
  }

  /**
   * Reads the next line, holding its text when {@code hold} and it is at most {@code limit} characters long; false at
   * the end of the file.
   */
  boolean next(boolean hold) throws IOException {
    line.setLength(0);
    length = 0;
    blank = true;
    if (!fill()) {
      return false;
    }
    if (skipLineFeed) {
      skipLineFeed = false;
      if (buffer[position] == '\n') {
        position++;
        if (!fill()) {
          return false;
        }
      }
    }
    while (fill()) {
      int start = position;
      while (position < end && buffer[position] != '\n' && buffer[position] != '\r') {
        if (blank && !Character.isWhitespace(buffer[position])) {
          blank = false;
        }
        position++;
      }
      int count = position - start;
      if (hold && length + count <= limit) {
        line.append(buffer, start, count);
      }
      length += count;
      if (position < end) {
        skipLineFeed = buffer[position] == '\r';
        position++;
        return true;
      }
    }
    return true;
  }

  /** The line's text, or null when it was longer than the limit or not held. */
  String text() {
    return length <= limit && line.length() == length ? line.toString() : null;
  }

  /** The line's length in characters, whether held or not. */
  long length() {
    return length;
  }

  /** Whether the line is empty or white space only, as {@link String#isBlank()} says. */
  boolean blank() {
    return blank;
  }

  private boolean fill() throws IOException {
    while (position >= end) {
      int n = in.read(buffer, 0, buffer.length);
      if (n < 0) {
        return false;
      }
      position = 0;
      end = n;
    }
    return true;
  }
}
