package dev.scribe.controller.internal.files;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * An upload's body as the store reads it: counted, digested (SHA-256) and cut off past the size limit with an
 * {@link IOException}. {@link #exceeded()} tells afterwards whether the limit was the cause, whatever the store
 * made of the exception.
 */
public final class UploadStream extends FilterInputStream {
  private final long limit;
  private final MessageDigest digest;
  private long count;
  private boolean exceeded;
  /** True once reading the request's body failed: the client's side, not the store's. */
  private boolean readFailed;

  UploadStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (exceeded) {
      throw new IOException("the upload is larger than the limit of " + limit + " bytes");
    }
    int n;
    try {
      n = super.read(buffer, offset, length);
    } catch (IOException e) {
      readFailed = true;
      throw e;
    }
    if (n > 0) {
      count += n;
      if (count > limit) {
        exceeded = true;
        throw new IOException("the upload is larger than the limit of " + limit + " bytes");
      }
      digest.update(buffer, offset, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes would be missing from the digest; the store must read them.
    return 0;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void close() {
    // The request's stream belongs to the servlet container; a store's try-with-resources must not close it.
  }

  long count() {
    return count;
  }

  boolean exceeded() {
    return exceeded;
  }

  /** True when reading the request's body failed (the client went away or sent less than it said). */
  boolean readFailed() {
    return readFailed;
  }

  /** The SHA-256 of what was read, base64url without padding (43 characters). */
  String digest() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest.digest());
  }
}
