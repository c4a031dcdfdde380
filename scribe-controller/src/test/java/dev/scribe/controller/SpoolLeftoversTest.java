package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.controller.internal.files.SpoolFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed while it imported (SIGKILL, the OOM killer) cannot delete the body it spooled: a server
 * started later deletes the spool files of processes that no longer run, and only those.
 */
class SpoolLeftoversTest {
  @TempDir
  Path directory;

  @Test
  void theSpoolFilesOfStoppedProcessesAreDeletedAndNoOthers() throws Exception {
    Process stopped = new ProcessBuilder("true").start();
    long stoppedPid = stopped.pid();
    assertThat(stopped.waitFor(30, TimeUnit.SECONDS)).isTrue();
    ProcessHandle self = ProcessHandle.current();
    long selfStart = self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);

    Path leftImport = Files.writeString(directory.resolve("scribe-import-p" + stoppedPid + "s1700000000000-123.csv"), "title\nx\n");
    Path leftDownload = Files.writeString(directory.resolve("scribe-download-p" + stoppedPid + "s0-9.bin"), "bytes");
    // this process's id with another start time: an earlier process that had the same id (a container's restart)
    Path sameIdEarlier = Files.writeString(directory.resolve("scribe-import-p" + self.pid() + "s" + (selfStart - 60_000) + "-5.csv"), "a");
    Path ours = Files.writeString(directory.resolve("scribe-import-p" + self.pid() + "s" + selfStart + "-7.csv"), "b");
    Path unmarked = Files.writeString(directory.resolve("scribe-import-4242.csv"), "an older name: not known to be ours");
    Path other = Files.writeString(directory.resolve("notes-p" + stoppedPid + "s0-1.txt"), "someone else's");

    assertThat(SpoolFiles.sweep(directory)).isEqualTo(selfStart == 0 ? 2 : 3);

    assertThat(leftImport).doesNotExist();
    assertThat(leftDownload).doesNotExist();
    if (selfStart != 0) {
      assertThat(sameIdEarlier).doesNotExist();
    }
    assertThat(ours).exists();
    assertThat(unmarked).exists();
    assertThat(other).exists();
  }

  @Test
  void aSpoolFileIsNamedAfterItsProcess() throws Exception {
    Path file = SpoolFiles.create("scribe-import-", ".csv");
    try {
      assertThat(file.getFileName().toString()).startsWith("scribe-import-p" + ProcessHandle.current().pid() + "s").endsWith(".csv");
      assertThat(SpoolFiles.sweep(file.getParent())).as("a running process's files stay").isGreaterThanOrEqualTo(0);
      assertThat(file).exists();
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
