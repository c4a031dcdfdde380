package dev.scribe.controller.internal.files;

import dev.scribe.controller.AttachmentStore;
import dev.scribe.core.ConfigurationException;
import dev.scribe.core.ScribeException;
import dev.scribe.core.UsageException;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.UnitOfWork;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AttachmentStore#directory(Path)}: each upload goes to {@code <root>/.tmp/<key>.part}, then is moved
 * atomically to {@code <root>/<k0k1>/<key>}; a file under its final name is always complete. Keys are never
 * reused, so a replace never overwrites the file a download may be reading: the old file is removed after the
 * commit, the new one after a rollback. When it is prepared, files a crash left behind and older than the grace
 * period are removed ({@link OrphanSweep}).
 */
public final class DirectoryAttachmentStore implements AttachmentStore {
  // The logger keeps the name it had before the class moved, so that logging configurations still reach it.
  private static final Logger LOG = LoggerFactory.getLogger("dev.scribe.controller.DirectoryAttachmentStore");
  private static final Pattern KEY = Pattern.compile("[0-9a-f]{32}");

  /** How old a file no row names must be before the sweep removes it, unless the application says otherwise. */
  public static final Duration DEFAULT_GRACE = Duration.ofHours(1);

  private final Path root;
  private final Duration grace;

  public DirectoryAttachmentStore(Path root) {
    this(root, DEFAULT_GRACE, "AttachmentStore.directory(null)");
  }

  public DirectoryAttachmentStore(Path root, Duration grace) {
    this(root, grace, "AttachmentStore.directory(null, " + grace + ")");
  }

  private DirectoryAttachmentStore(Path root, Duration grace, String call) {
    if (root == null) {
      throw new UsageException(call + ": pass the directory the files are kept under, e.g."
          + " AttachmentStore.directory(Path.of(\"data/files\"))");
    }
    if (grace == null) {
      throw new UsageException("AttachmentStore.directory(" + root + ", null): pass the grace period, the longest an"
          + " upload may take from its first byte to its commit, like Duration.ofHours(1), or leave it out for one hour");
    }
    if (grace.isNegative()) {
      throw new ConfigurationException("AttachmentStore.directory(" + root + ", " + grace + ") needs a grace period of"
          + " zero or more, not " + grace + "; give the longest an upload may take from its first byte to its commit,"
          + " like Duration.ofHours(1)");
    }
    this.root = root.toAbsolutePath().normalize();
    this.grace = grace;
  }

  @Override
  public void prepare(DataStore store) {
    requireStore(store, "prepare");
    try {
      Files.createDirectories(root.resolve(".tmp"));
    } catch (IOException e) {
      throw new ConfigurationException("the attachment directory " + root + " cannot be created (" + e
          + "); give AttachmentStore.directory a writable directory");
    }
    sweep(store);
  }

  /**
   * Removes what a crash left under the root and is older than the grace period: temporary {@code .part} files,
   * and files whose key no row of {@code scribe_attachments} names.
   */
  @Override
  public int sweep(DataStore store) {
    requireStore(store, "sweep");
    AttachmentTable.create(store); // a sweep called before any controller's attachments(...) reads an empty table
    return new OrphanSweep(root, KEY, grace).run(keys -> AttachmentTable.referenced(store, keys));
  }

  /** The rows of {@code store} say which files to keep: without it the sweep failed on a bare NullPointerException. */
  private void requireStore(DataStore store, String call) {
    if (store == null) {
      throw new UsageException(this + "." + call + "(null): pass the DataStore whose scribe_attachments rows name the"
          + " files to keep, e.g. " + call + "(store)");
    }
  }

  @Override
  public String write(UnitOfWork unit, InputStream content) throws IOException {
    String key = UUID.randomUUID().toString().replace("-", "");
    Path temporary = root.resolve(".tmp").resolve(key + ".part");
    Path target = file(key);
    try {
      try (OutputStream out = Files.newOutputStream(temporary)) {
        content.transferTo(out);
      }
      Files.createDirectories(target.getParent());
      try {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the file system of " + root + " cannot move files atomically; choose another directory", e);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
    unit.afterRollback(() -> remove(target));
    return key;
  }

  @Override
  public InputStream open(UnitOfWork unit, String key) throws IOException {
    return Files.newInputStream(file(key));
  }

  @Override
  public void delete(UnitOfWork unit, String key) {
    Path target = file(key);
    unit.afterCommit(() -> remove(target));
  }

  private Path file(String key) {
    if (key == null || !KEY.matcher(key).matches()) {
      throw new ScribeException("'" + key + "' is not a key of " + this + "; the attachment row was not written by it");
    }
    return root.resolve(key.substring(0, 2)).resolve(key);
  }

  private static void remove(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("the attachment file {} could not be removed; remove it by hand", file, e);
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "AttachmentStore.directory(" + root + ")";
  }
}
