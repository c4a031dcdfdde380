package dev.scribe.controller.internal.files;

import dev.scribe.controller.http.problem.Problems;
import dev.scribe.controller.http.problem.StorageFailure;
import dev.scribe.controller.internal.action.ActionCall;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The body of an upload larger than the server buffers in memory, received into a temporary file before the
 * upload's unit of work begins: a client sending at its own pace then holds no database connection, streaming
 * slot or file lock while its bytes arrive, and the store reads the complete body from disk. The size limit is
 * enforced as the bytes arrive (413 as soon as it is passed). Deleted by {@link #close}, in every outcome.
 */
final class UploadSpool implements AutoCloseable {
  private final Path file;

  private UploadSpool(Path file) {
    this.file = file;
  }

  /**
   * Receives {@code req}'s whole body into a temporary file: a 413 past {@code limit} bytes, the answer of
   * {@link Problems#unreadBody} when the client's body cannot be read to its end, a storage failure when the
   * file cannot be written; the file is gone whenever this throws.
   */
  static UploadSpool receive(ActionCall call, HttpServletRequest req, long limit) {
    Path file;
    try {
      file = SpoolFiles.create("scribe-upload-", ".bin");
    } catch (IOException e) {
      throw StorageFailure.of(call.path + " could not create a temporary file for the upload", "nothing was stored", e);
    }
    boolean kept = false;
    try {
      InputStream in;
      try {
        in = req.getInputStream();
      } catch (IOException e) {
        throw Problems.unreadBody(e, Problems.serverStopping(req), "the body of " + call.path, "nothing was stored",
            "send the whole file again");
      }
      long written = 0;
      byte[] buffer = new byte[16 * 1024];
      try (OutputStream out = Files.newOutputStream(file)) {
        while (true) {
          int n;
          try {
            n = in.read(buffer);
          } catch (IOException e) {
            throw Problems.unreadBody(e, Problems.serverStopping(req), "the body of " + call.path,
                "nothing was stored", "send the whole file again");
          }
          if (n < 0) {
            break;
          }
          written += n;
          if (written > limit) {
            throw FileStreams.tooLarge(call, limit, -1);
          }
          out.write(buffer, 0, n);
        }
      }
      kept = true;
      return new UploadSpool(file);
    } catch (IOException e) {
      throw StorageFailure.of(call.path + " could not spool the upload to a temporary file", "nothing was stored", e);
    } finally {
      if (!kept) {
        delete(file);
      }
    }
  }

  /** A new stream of the received bytes. */
  InputStream bytes() {
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    delete(file);
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a leftover is swept when a server next starts (SpoolFiles); the answer does not depend on it
      org.slf4j.LoggerFactory.getLogger(UploadSpool.class).warn("the upload's temporary file {} could not be deleted: {}",
          file, e.toString());
    }
  }
}
