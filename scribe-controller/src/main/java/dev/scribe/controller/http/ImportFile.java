package dev.scribe.controller.http;

import dev.scribe.controller.http.bulk.ImportFormat;
import dev.scribe.controller.http.problem.HttpVeto;
import dev.scribe.controller.http.problem.Problems;
import dev.scribe.controller.http.problem.StorageFailure;
import dev.scribe.controller.internal.files.SpoolFiles;
import jakarta.servlet.http.HttpServletRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The body of an import, spooled to a temporary file within the size limit, so that it can be read once to
 * count and check it and again for each pass without holding it in memory. Deleted by {@link #close}.
 * Internal, unsupported.
 */
public final class ImportFile implements AutoCloseable {
  /** The most characters a record's text may have: what a string of Java holds, whatever {@code maxBodyBytes} is. */
  static final int MAX_RECORD_CHARS = Integer.MAX_VALUE - 8;

  private final ImportFormat format;
  private final Path path;
  private final int recordChars;

  private ImportFile(ImportFormat format, Path path, int recordChars) {
    this.format = format;
    this.path = path;
    this.recordChars = recordChars;
  }

  /**
   * The body of an import, received only when asked: after the import's access check, so that a caller the
   * check refuses learns nothing of what the body would have been answered.
   */
  @FunctionalInterface
  public interface Source {
    /**
     * The body as an import file (see {@link ImportFile#receive}).
     *
     * @throws Unread when the body could not be read from the client
     */
    ImportFile receive();
  }

  /**
   * The client's body could not be read (it went away, or stalled past the idle timeout): answered 400 or 408 (503
   * when it stalled as the server stops),
   * which completes the request even when no one reads the answer.
   */
  public static final class Unread extends UncheckedIOException {
    private final boolean serverStopping;

    Unread(IOException cause, boolean serverStopping) {
      super(cause);
      this.serverStopping = serverStopping;
    }

    /** Whether the server had begun to stop when the body could not be read (see {@link Problems#unreadBody}). */
    public boolean serverStopping() {
      return serverStopping;
    }
  }

  /**
   * The body of {@code req} as a {@link Source}; {@code maxBodyBytes}, the application's limit of a JSON body, is
   * what the text of one of its records may have (see {@link #recordChars()}).
   */
  static Source source(HttpServletRequest req, String path, long limit, long maxBodyBytes) {
    return () -> {
      try {
        return receive(req, path, limit, (int) Math.min(maxBodyBytes, MAX_RECORD_CHARS));
      } catch (IOException e) {
        throw new Unread(e, Problems.serverStopping(req));
      }
    };
  }

  /**
   * A 415 for a CSV whose {@code Content-Type} says it has no header row ({@code header=absent}, RFC 4180) or names
   * a value RFC 4180 does not define: an import names its columns by the header row, and took the first row of such
   * a file for it. A second {@code header} parameter is read too, as a second {@code charset} is.
   */
  private static void refuseHeaderAbsent(String contentType, String path) {
    for (String header : ImportFormat.headerParameters(contentType)) {
      if (header.equalsIgnoreCase("absent")) {
        throw new HttpVeto(415, path + " reads a CSV whose first row is a header naming the attribute of each column,"
            + " and the Content-Type says header=absent; add a header row naming the columns and send the file as"
            + " text/csv or text/csv; header=present", Map.of("Accept-Post", ImportFormat.ACCEPTED));
      }
      if (!header.equalsIgnoreCase("present")) {
        throw new HttpVeto(415, "the Content-Type's header parameter is '" + header + "'; RFC 4180 allows present or"
            + " absent, and " + path + " reads a CSV with a header row: send text/csv or text/csv; header=present",
            Map.of("Accept-Post", ImportFormat.ACCEPTED));
      }
    }
  }

  /**
   * The request's body as an import file; a 415 for another {@code Content-Type} or charset, a 413 above
   * {@code limit} bytes (declared or sent), a 400 for an empty body.
   */
  static ImportFile receive(HttpServletRequest req, String path, long limit, int recordChars) throws IOException {
    // The header as sent: the servlet API's parsed type throws on a charset the JVM does not know.
    String contentType = req.getHeader("Content-Type");
    ImportFormat format = ImportFormat.byContentType(contentType);
    long declared = req.getContentLengthLong();
    if (declared > limit) {
      throw BodyReader.tooLargeDeclared(path + " takes at most " + limit + " bytes (option maxImportBytes), and the body"
          + " has " + declared + "; split the file", req);
    }
    if (format == null) {
      throw new HttpVeto(415, (contentType == null ? path + " got no Content-Type"
          : path + " does not read Content-Type '" + contentType + "'") + "; send the rows as "
          + ImportFormat.ACCEPTED + (ImportFormat.isWorkbook(contentType) ? "; a workbook is not read: save its sheet"
          + " as CSV UTF-8 and send that as text/csv" : ""), Map.of("Accept-Post", ImportFormat.ACCEPTED));
    }
    if (!BodyReader.utf8(contentType)) {
      // Read as UTF-8 regardless, a Latin-1 file would be refused as broken UTF-8 when it is only mislabelled.
      throw new HttpVeto(415, "charset '" + BodyReader.charsetOf(contentType) + "' is not supported: "
          + path + " reads UTF-8 text; save the file as UTF-8 and send it as " + format.mediaType + " or "
          + format.mediaType + "; charset=utf-8", Map.of("Accept-Post", ImportFormat.ACCEPTED));
    }
    if (format == ImportFormat.CSV) {
      refuseHeaderAbsent(contentType, path);
    }
    // a file declared US-ASCII is read as declared: a byte beyond it is refused, not taken for UTF-8
    boolean ascii = BodyReader.declaresAscii(contentType);
    try (InputStream in = req.getInputStream()) {
      Path file = spoolFile(path, format);
      boolean kept = false;
      try {
        long written = 0;
        byte[] buffer = new byte[8192];
        try (OutputStream out = Files.newOutputStream(file)) {
          int n;
          while ((n = in.read(buffer)) >= 0) {
            if (ascii) {
              // refused while the client may still be sending: the rest is not read, so the connection is closed
              BodyReader.requireAscii(path, contentType, buffer, n, written, Map.of("Connection", "close"));
            }
            written += n;
            if (written > limit) {
              throw BodyReader.tooLarge(path + " takes at most " + limit + " bytes (option maxImportBytes); split the file",
                  req, in);
            }
            try {
              out.write(buffer, 0, n);
            } catch (IOException e) {
              throw StorageFailure.of(path + " could not spool the import to a temporary file", "no row was read", e);
            }
          }
        }
        if (written == 0) {
          throw new HttpVeto(400, path + " got an empty body; send the rows as " + format.mediaType, Map.of());
        }
        kept = true;
        return new ImportFile(format, file, recordChars);
      } finally {
        if (!kept) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  private static Path spoolFile(String path, ImportFormat format) {
    try {
      return SpoolFiles.create("scribe-import-", "." + format.name);
    } catch (IOException e) {
      throw StorageFailure.of(path + " could not create a temporary file for the import", "no row was read", e);
    }
  }

  public ImportFormat format() {
    return format;
  }

  /**
   * The most characters of text one record may have in the file (an NDJSON line, a CSV cell of JSON text), and the
   * text after which a chunk of rows ends: as many as a JSON body may have bytes, the application's
   * {@code maxBodyBytes}, so that a record a client may store by POST can be imported too.
   */
  public int recordChars() {
    return recordChars;
  }

  /** A new stream of the file's bytes, as received. */
  public InputStream bytes() {
    try {
      return Files.newInputStream(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new reader of the file's text: UTF-8, strictly decoded, a leading byte order mark skipped. */
  public Reader open() {
    try {
      BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(path),
          StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)));
      reader.mark(1);
      if (reader.read() != '\uFEFF') {
        reader.reset();
      }
      return reader;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
