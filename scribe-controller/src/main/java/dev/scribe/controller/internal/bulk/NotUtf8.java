package dev.scribe.controller.internal.bulk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Says where an import file stops being UTF-8, so that the client can find the byte in a file of thousands of
 * lines: the line (CR, LF and CRLF each end one, as the CSV reader counts them), the byte and its offset, and the
 * likely cause. Read only once the import's reader has failed, in blocks, with the reader's own strict decoder.
 */
final class NotUtf8 {
  private static final int BLOCK = 8192;

  private NotUtf8() {}

  /** The kind of workbook whose first bytes are {@code start} (a ZIP archive: XLSX; an OLE file: XLS), or null. */
  private static String workbook(byte[] start) {
    if (start.length == 4 && start[0] == 'P' && start[1] == 'K' && start[2] == 3 && start[3] == 4) {
      return "an XLSX file";
    }
    if (start.length == 4 && start[0] == (byte) 0xD0 && start[1] == (byte) 0xCF && start[2] == 0x11
        && start[3] == (byte) 0xE0) {
      return "an XLS file";
    }
    return null;
  }

  /** The problem of {@code bytes}, the whole file from its first byte. */
  static String describe(InputStream bytes) throws IOException {
    byte[] start = bytes.readNBytes(4);
    if (start.length >= 2 && (start[0] == (byte) 0xFE && start[1] == (byte) 0xFF
        || start[0] == (byte) 0xFF && start[1] == (byte) 0xFE)) {
      return "the import is UTF-16 text (it starts with a UTF-16 byte order mark); save the file as UTF-8";
    }
    String workbook = workbook(start);
    if (workbook != null) {
      // the export's own XLSX sent back was said to be text in Latin-1, at some byte of its compressed sheet
      return "the import is a spreadsheet workbook (" + workbook + "), not text; save its sheet as CSV UTF-8 and send"
          + " that as text/csv";
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.allocate(BLOCK);
    in.put(start);
    CharBuffer out = CharBuffer.allocate(BLOCK);
    long offset = 0; // of the first byte in the buffer
    long line = 1;
    boolean afterCr = false;
    boolean end = false;
    while (true) {
      if (!end) {
        int n = bytes.read(in.array(), in.position(), in.remaining());
        if (n < 0) {
          end = true;
        } else {
          in.position(in.position() + n);
        }
      }
      in.flip();
      CoderResult result = decoder.decode(in, out, end);
      out.flip();
      while (out.hasRemaining()) {
        char c = out.get();
        if (c == '\n' && !afterCr || c == '\r') {
          line++;
        }
        afterCr = c == '\r';
      }
      out.clear();
      if (result.isError()) {
        long at = offset + in.position();
        return "the import is not valid UTF-8 text: line " + line + " has the byte 0x"
            + String.format(Locale.ROOT, "%02X", in.get(in.position()) & 0xFF) + " at offset " + at
            + ", which UTF-8 does not allow there (a file saved as Latin-1 or Windows-1252 writes é, ü and the like"
            + " so); save the file as UTF-8";
      }
      if (end && !in.hasRemaining()) {
        return "the import is not valid UTF-8 text; save the file as UTF-8"; // the reader found what this did not
      }
      offset += in.position();
      in.compact();
    }
  }
}
