package dev.scribe.controller.internal.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what a crash left in a directory store: {@code .tmp/*.part} files of uploads that never finished, and
 * files under their final name that no row names (killed between the move and the commit, or between a delete's
 * commit and the removal after it). Only files last modified longer than the grace period ago are touched, so an
 * upload in flight in another process sharing the directory keeps its files.
 */
final class OrphanSweep {
  private static final Logger LOG = LoggerFactory.getLogger("dev.scribe.controller.DirectoryAttachmentStore");
  private static final Pattern PREFIX = Pattern.compile("[0-9a-f]{2}");

  private final Path root;
  private final Pattern key;
  private final Duration grace;

  OrphanSweep(Path root, Pattern key, Duration grace) {
    this.root = root;
    this.key = key;
    this.grace = grace;
  }

  /** Sweeps once; {@code referenced} gives the keys of a list that rows name. Returns how many files went. */
  int run(Function<List<String>, Set<String>> referenced) {
    Instant now = Instant.now();
    // a grace longer than time itself (ChronoUnit.FOREVER, to keep every file) overflowed Instant.minus: no file is older
    Instant cutoff = grace.compareTo(Duration.between(Instant.MIN, now)) >= 0 ? Instant.MIN : now.minus(grace);
    int removed = 0;
    for (Path part : old(root.resolve(".tmp"), cutoff)) {
      if (part.getFileName().toString().endsWith(".part") && remove(part)) {
        removed++;
      }
    }
    // one prefix directory at a time: what is held is one directory's old files, not the whole store's
    for (Path prefix : children(root)) {
      if (PREFIX.matcher(prefix.getFileName().toString()).matches() && Files.isDirectory(prefix)) {
        removed += sweepUnnamed(prefix, cutoff, referenced);
      }
    }
    if (removed > 0) {
      LOG.info("removed {} file(s) under {} that a crash left behind (older than {}, named by no attachment row)",
          removed, root, grace);
    }
    return removed;
  }

  /** Removes the files of one prefix directory older than {@code cutoff} that no row names; returns how many. */
  private int sweepUnnamed(Path prefix, Instant cutoff, Function<List<String>, Set<String>> referenced) {
    List<Path> candidates = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (Path file : old(prefix, cutoff)) {
      String name = file.getFileName().toString();
      if (key.matcher(name).matches() && name.startsWith(prefix.getFileName().toString())) {
        candidates.add(file);
        keys.add(name);
      }
    }
    if (candidates.isEmpty()) {
      return 0;
    }
    Set<String> kept = referenced.apply(keys);
    int removed = 0;
    for (Path file : candidates) {
      if (!kept.contains(file.getFileName().toString()) && remove(file)) {
        removed++;
      }
    }
    return removed;
  }

  /** The regular files of {@code directory} last modified before {@code cutoff}. */
  private static List<Path> old(Path directory, Instant cutoff) {
    List<Path> found = new ArrayList<>();
    for (Path file : children(directory)) {
      try {
        if (Files.isRegularFile(file) && Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
          found.add(file);
        }
      } catch (IOException e) {
        // gone meanwhile, or unreadable: left alone
      }
    }
    return found;
  }

  private static List<Path> children(Path directory) {
    List<Path> found = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return found;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      entries.forEach(found::add);
    } catch (IOException e) {
      LOG.warn("the attachment directory {} could not be listed for files a crash left behind", directory, e);
    }
    return found;
  }

  private static boolean remove(Path file) {
    try {
      return Files.deleteIfExists(file);
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      LOG.warn("the attachment file {} that a crash left behind could not be removed; remove it by hand", file, e);
      return false;
    }
  }
}
