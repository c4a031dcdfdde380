package dev.scribe.controller.internal.files;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The temporary files a request's body or a download is spooled to. Each is named after the process that
 * made it (its id and start time), so that a process started later can tell the files of one that was killed
 * before it could delete them (SIGKILL mid-import) and delete them: a server sweeps them once when it
 * starts. Internal, unsupported.
 */
public final class SpoolFiles {
  private static final Logger LOG = LoggerFactory.getLogger(SpoolFiles.class);
  /** {@code scribe-import-p<pid>s<start millis>-<random>.<suffix>}; files of another shape are never touched. */
  private static final Pattern OWNED = Pattern.compile("scribe-(?:import|download|upload)-p(\\d+)s(\\d+)-.*");
  private static final long PID = ProcessHandle.current().pid();
  private static final long STARTED = startMillis(ProcessHandle.current());
  private static final AtomicBoolean SWEPT = new AtomicBoolean();

  private SpoolFiles() {}

  /** A new temporary file whose name starts with {@code prefix} ({@code "scribe-import-"}) and ends with {@code suffix}. */
  public static Path create(String prefix, String suffix) throws IOException {
    return Files.createTempFile(prefix + "p" + PID + "s" + STARTED + "-", suffix);
  }

  /** Deletes, once per process, the spool files that processes no longer running left in the temporary directory. */
  public static void sweepLeftovers() {
    if (SWEPT.compareAndSet(false, true)) {
      sweep(Path.of(System.getProperty("java.io.tmpdir")));
    }
  }

  /** Deletes the spool files in {@code directory} of processes no longer running; returns how many. */
  public static int sweep(Path directory) {
    int deleted = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "scribe-{import,download}-p*")) {
      for (Path file : files) {
        Matcher owner = OWNED.matcher(file.getFileName().toString());
        if (owner.matches() && !running(Long.parseLong(owner.group(1)), Long.parseLong(owner.group(2)))
            && Files.deleteIfExists(file)) {
          deleted++;
        }
      }
    } catch (IOException | DirectoryIteratorException | NumberFormatException e) {
      // a directory that cannot be listed, or a file another process removed first: nothing of ours to keep
      LOG.debug("sweeping the spool files left in {} stopped: {}", directory, e.toString());
    }
    if (deleted > 0) {
      LOG.info("deleted {} spool file(s) that stopped processes left in {}", deleted, directory);
    }
    return deleted;
  }

  /**
   * True when the process {@code pid}, started at {@code startMillis}, still runs. A process id is reused (a
   * container's server has the same one at every start), so the start time tells them apart; 0 when the
   * platform did not say.
   */
  private static boolean running(long pid, long startMillis) {
    if (pid == PID) {
      return startMillis == STARTED;
    }
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .map(process -> startMillis == 0 || startMillis(process) == 0 || startMillis(process) == startMillis)
        .orElse(false);
  }

  private static long startMillis(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
  }
}
