package dev.scribe.controller;

import dev.scribe.controller.internal.files.DatabaseAttachmentStore;
import dev.scribe.controller.internal.files.DirectoryAttachmentStore;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.UnitOfWork;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where the bytes of file attachments go ({@link Controller#attachments}): a store writes the bytes of one
 * upload under a new key, opens them for a download and removes them, each within the unit of work of the
 * action, so that what it does commits or rolls back with the action. The attachments' names, types, sizes and
 * digests are kept by the framework in the table {@code scribe_attachments} of the application's database, in
 * the same transaction; a store holds bytes only.
 *
 * <p>Contract: {@link #write} reads {@code content} to its end without holding it all in memory and answers a
 * key of at most 64 characters; the bytes under it must not be visible as a live attachment if the unit of
 * work rolls back. {@link #delete} takes effect only if the unit of work commits. A key is never reused, so a
 * replace writes the new bytes under a new key and deletes the old key.
 *
 * <pre>{@code
 * taskController.attachments(AttachmentStore.database());                    // a blob table, same transaction
 * taskController.attachments(AttachmentStore.directory(Path.of("data/files")));  // files, moved in atomically
 * }</pre>
 */
public interface AttachmentStore {
  /** Bytes in the table {@code scribe_attachment_blobs} of the application's database, written in the action's transaction. */
  static AttachmentStore database() {
    return new DatabaseAttachmentStore();
  }

  /**
   * Bytes in files under {@code root}: each upload is written to a temporary file there, then moved atomically to
   * its own name; a rolled-back upload's file is removed, and a deleted or replaced file is removed only after
   * the commit. What a crash left behind is removed when the store is prepared, once older than an hour (see
   * {@link #directory(Path, java.time.Duration)}).
   *
   * @throws dev.scribe.core.UsageException when {@code root} is null
   */
  static AttachmentStore directory(Path root) {
    return new DirectoryAttachmentStore(root);
  }

  /**
   * {@link #directory(Path)}, sweeping files a crash left behind only once they are older than {@code grace}
   * (default one hour): give the longest an upload may take from its first byte to its commit, so that an upload
   * in flight in another process sharing the directory is never removed. A grace longer than time itself
   * ({@code ChronoUnit.FOREVER.getDuration()}) keeps every file.
   *
   * @throws dev.scribe.core.UsageException when {@code root} or {@code grace} is null
   * @throws dev.scribe.core.ConfigurationException when {@code grace} is negative
   */
  static AttachmentStore directory(Path root, java.time.Duration grace) {
    return new DirectoryAttachmentStore(root, grace);
  }

  /** Called once when a controller starts using the store: create tables or directories here. */
  default void prepare(DataStore store) {}

  /**
   * Removes what a crash left behind and returns how many files went; the directory store removes its temporary
   * files and the files no row names, older than its grace period (it does so when it is prepared, too), others
   * have nothing to remove. An application may call it from time to time, e.g. once a day.
   */
  default int sweep(DataStore store) {
    return 0;
  }

  /** Writes {@code content} to its end under a new key, for {@code unit}; answers the key. */
  String write(UnitOfWork unit, InputStream content) throws IOException;

  /**
   * The bytes under {@code key}, from the first; the caller closes the stream before {@code unit} ends.
   *
   * @throws java.io.FileNotFoundException (or {@link java.nio.file.NoSuchFileException}) when no bytes are
   *     stored under {@code key}: a replace or delete committed since the key was read removed them, and the
   *     download reads the file's row again
   * @throws IOException when the bytes cannot be read (a store out of reach): the download is a 503 with
   *     {@code Retry-After}, as an upload the store cannot write is
   */
  InputStream open(UnitOfWork unit, String key) throws IOException;

  /** Removes the bytes under {@code key} if {@code unit} commits. */
  void delete(UnitOfWork unit, String key);
}
