package dev.scribe.controller.internal.files;

import dev.scribe.controller.AttachmentStore;
import dev.scribe.controller.ControllerOptions;
import dev.scribe.controller.http.problem.HttpVeto;
import dev.scribe.controller.http.problem.StorageFailure;
import dev.scribe.controller.internal.action.ActionCall;
import dev.scribe.core.Options;
import dev.scribe.repository.UnitOfWork;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The bytes of the file actions: the limit on what an upload may send, the copy of a download into the response. */
final class FileStreams {
  private FileStreams() {}

  /**
   * Answers a download: 304, 206 with the range or 200, with the file's validators, and its bytes unless it is
   * not modified or the request is a {@code HEAD}.
   */
  static void answer(Spool bytes, Attachment file, ByteRange range, boolean notModified, boolean head, Object type,
      HttpServletResponse resp) {
    int status = notModified ? 304 : range != null ? 206 : 200;
    resp.setStatus(status);
    resp.setHeader("ETag", file.etag());
    resp.setHeader("Last-Modified", FileHeaders.httpDate(file.modifiedMillis()));
    resp.setHeader("Accept-Ranges", "bytes");
    resp.setHeader("Cache-Control", "private, no-cache");
    if (notModified) {
      flush(resp);
      return;
    }
    long length = range != null ? range.length() : file.size();
    // Set as a header, so that the container sends the type exactly as it was uploaded.
    resp.setHeader("Content-Type", type instanceof String ? (String) type : file.contentType());
    resp.setContentLengthLong(length);
    resp.setHeader("X-Content-Type-Options", "nosniff");
    // Uploaded bytes served from the API's own origin: a browser saves them instead of rendering them, and an
    // HTML or SVG file opened anyway runs no script there
    resp.setHeader("Content-Disposition", FileHeaders.attachment(file.name()));
    resp.setHeader("Content-Security-Policy", "sandbox");
    if (range != null) {
      resp.setHeader("Content-Range", range.contentRange());
    }
    if (!head) {
      send(bytes, length, resp);
    }
    flush(resp);
  }

  /**
   * Copies the bytes a download sends (the range, or the whole file) out of the store while the unit of work
   * is open: up to {@value Spool#IN_MEMORY} bytes into memory, more into a temporary file. The response is
   * then written after the unit has ended, so a slow client holds its connection to the server but no
   * database connection: a dozen slow downloads no longer take the pool from every other request.
   */
  /**
   * Whether the request carries a body of at least one byte: a declared length above 0, or chunks holding a byte (a
   * chunked body may be empty, so its first byte is read; the request reads nothing more of it).
   */
  static boolean hasBody(HttpServletRequest req) {
    long declared = req.getContentLengthLong();
    if (declared >= 0 || req.getHeader("Transfer-Encoding") == null) {
      return declared > 0;
    }
    try {
      return req.getInputStream().read() >= 0;
    } catch (IOException e) {
      return true; // a body that could not be read is a body all the same
    }
  }

  static Spool spool(AttachmentStore store, UnitOfWork unit, Attachment file, ByteRange range, String path) {
    long length = range != null ? range.length() : file.size();
    InputStream opened;
    try {
      opened = store.open(unit, file.key());
    } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException missing) {
      throw new UncheckedIOException(missing); // removed by a commit since the row was read: the row is read again
    } catch (IOException e) {
      // a store that cannot be read (a remote store out of reach) is the server's side, as one that cannot write
      throw StorageFailure.of("the file store of " + path + " could not read '" + file.name() + "'", "nothing was sent", e);
    }
    try (InputStream in = opened) {
      if (range != null) {
        in.skipNBytes(range.first());
      }
      return Spool.copy(in, length, file.name());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void send(Spool bytes, long length, HttpServletResponse resp) {
    try (InputStream in = bytes.open()) {
      copy(in, resp.getOutputStream(), length, "the spooled bytes");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies exactly {@code length} bytes in 16 KiB steps, reading no further; {@code what} names a short source. */
  private static void copy(InputStream in, OutputStream out, long length, String what) throws IOException {
    byte[] buffer = new byte[16384];
    long left = length;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new IOException(what + " end after " + (length - left) + " of " + length + " bytes");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  /** An output stream that remembers that a write (or its close) failed: which side of a copy broke. */
  private static final class WriteFailures extends java.io.FilterOutputStream {
    boolean failed;

    WriteFailures(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
      try {
        out.write(buffer, offset, length);
      } catch (IOException e) {
        failed = true;
        throw e;
      }
    }

    @Override
    public void close() throws IOException {
      try {
        super.close();
      } catch (IOException e) {
        failed = true;
        throw e;
      }
    }
  }

  /** The bytes of one download, held between the unit of work that read them and the response. */
  static final class Spool implements AutoCloseable {
    static final int IN_MEMORY = 256 * 1024;
    private final byte[] memory;
    private final java.nio.file.Path file;

    private Spool(byte[] memory, java.nio.file.Path file) {
      this.memory = memory;
      this.file = file;
    }

    static Spool empty() {
      return new Spool(new byte[0], null);
    }

    static Spool copy(InputStream in, long length, String name) throws IOException {
      if (length <= IN_MEMORY) {
        byte[] bytes = in.readNBytes((int) length);
        if (bytes.length < length) {
          throw new IOException("the stored bytes of '" + name + "' end after " + bytes.length + " of " + length + " bytes");
        }
        return new Spool(bytes, null);
      }
      java.nio.file.Path file;
      try {
        file = SpoolFiles.create("scribe-download-", ".bin");
      } catch (IOException e) {
        throw StorageFailure.of("the download of '" + name + "' could not create its temporary file", "nothing was sent", e);
      }
      WriteFailures out = null;
      try (WriteFailures spooled = new WriteFailures(java.nio.file.Files.newOutputStream(file))) {
        out = spooled;
        // a range stops where it ends: the rest of the stored file is not read
        FileStreams.copy(in, spooled, length, "the stored bytes of '" + name + "'");
      } catch (IOException | RuntimeException e) {
        java.nio.file.Files.deleteIfExists(file);
        if (e instanceof IOException && (out == null || out.failed)) {
          // the server's disk, not the store: a full temporary directory is a 507, not a 500
          throw StorageFailure.of("the download of '" + name + "' could not spool to a temporary file", "nothing was sent", (IOException) e);
        }
        throw e;
      }
      return new Spool(null, file);
    }

    InputStream open() throws IOException {
      return memory != null ? new java.io.ByteArrayInputStream(memory) : java.nio.file.Files.newInputStream(file);
    }

    @Override
    public void close() {
      if (file != null) {
        try {
          java.nio.file.Files.deleteIfExists(file);
        } catch (IOException ignored) {
          file.toFile().deleteOnExit();
        }
      }
    }
  }

  private static void flush(HttpServletResponse resp) {
    try {
      resp.flushBuffer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long maxBytes(Options options) {
    Object value = options.get(Attachments.MAX_BYTES);
    return value instanceof Number ? ((Number) value).longValue() : ControllerOptions.MAX_FILE_BYTES.defaultValue();
  }

  static HttpVeto tooLarge(ActionCall call, long limit, long declared) {
    return new HttpVeto(413, call.path + " takes files of at most " + limit + " bytes (option " + Attachments.MAX_BYTES + ")"
        + (declared >= 0 ? ", and this one has " + declared : ", and this one has more") + "; send a smaller file",
        Map.of());
  }
}
