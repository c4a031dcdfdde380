package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.ConfigurationException;
import dev.scribe.core.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a crash leaves in a directory store — a {@code .part} of an upload that never finished, a file moved to its
 * name whose row was never committed, a file whose delete committed but whose removal never ran — is removed when
 * the store is opened, once it is older than the grace period; files rows name, files too young to judge, and files
 * that are not the store's are kept.
 */
class DirectoryStoreSweepTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();

  private static final FileTime TWO_HOURS_AGO = FileTime.from(Instant.now().minus(Duration.ofHours(2)));

  @Test
  void openingTheStoreRemovesFilesACrashLeftOlderThanTheGracePeriodAndKeepsTheRest(@TempDir Path root) throws IOException {
    http.subtaskController.attachments(AttachmentStore.directory(root));
    long task = http.createTask("{\"title\":\"with a file\"}");
    long subtask = http.createSubtask(task, "{\"title\":\"child\"}");
    Reply uploaded = http.sendBytes("PUT", "/tasks/" + task + "/subtasks/" + subtask + "/files/kept.txt",
        "kept".getBytes(StandardCharsets.UTF_8));
    assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
    Path named = single(files(root));
    Files.setLastModifiedTime(named, TWO_HOURS_AGO);
    Path oldPart = plant(root.resolve(".tmp/0123456789abcdef0123456789abcdef.part"), TWO_HOURS_AGO);
    Path freshPart = plant(root.resolve(".tmp/1123456789abcdef0123456789abcdef.part"), null);
    Path oldOrphan = plant(root.resolve("ab/ab23456789abcdef0123456789abcdef"), TWO_HOURS_AGO);
    Path freshOrphan = plant(root.resolve("cd/cd23456789abcdef0123456789abcdef"), null);
    Path notOurs = plant(root.resolve("ab/notes.txt"), TWO_HOURS_AGO);

    http.taskController.attachments(AttachmentStore.directory(root)); // the store opened again, as after a restart

    assertThat(files(root)).containsExactlyInAnyOrder(named, freshPart, freshOrphan, notOurs);
    assertThat(oldPart).doesNotExist();
    assertThat(oldOrphan).doesNotExist();
    assertThat(http.get("/tasks/" + task + "/subtasks/" + subtask + "/files/kept.txt").body()).isEqualTo("kept");
  }

  @Test
  void aSweepOrPrepareGivenNoDataStoreIsAUsageExceptionAndTouchesNoFile(@TempDir Path root) throws IOException {
    AttachmentStore store = AttachmentStore.directory(root, Duration.ZERO);
    Path oldPart = plant(root.resolve(".tmp/0123456789abcdef0123456789abcdef.part"), TWO_HOURS_AGO);

    assertThatThrownBy(() -> store.sweep(null)).isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessage("AttachmentStore.directory(" + root.toAbsolutePath().normalize() + ").sweep(null): pass the DataStore"
            + " whose scribe_attachments rows name the files to keep, e.g. sweep(store)");
    assertThatThrownBy(() -> store.prepare(null)).isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessageStartingWith("AttachmentStore.directory(" + root.toAbsolutePath().normalize() + ").prepare(null): pass");
    assertThat(oldPart).exists();
  }

  @Test
  void aGracePeriodLongerThanTimeKeepsEveryFileAndIsNoFailure(@TempDir Path root) throws IOException {
    Path orphan = plant(root.resolve("ef/ef23456789abcdef0123456789abcdef"), FileTime.from(Instant.EPOCH));
    Path part = plant(root.resolve(".tmp/0123456789abcdef0123456789abcdef.part"), FileTime.from(Instant.EPOCH));

    for (Duration never : List.of(java.time.temporal.ChronoUnit.FOREVER.getDuration(), Duration.ofSeconds(Long.MAX_VALUE),
        Duration.ofDays(1_000_000L * 365))) {
      AttachmentStore store = AttachmentStore.directory(root, never);
      store.prepare(http.store);
      assertThat(store.sweep(http.store)).as(never.toString()).isZero();
    }

    assertThat(orphan).exists();
    assertThat(part).exists();
  }

  @Test
  void theGracePeriodIsTheApplicationsToChooseAndSweepCanBeCalledAgain(@TempDir Path root) throws IOException {
    AttachmentStore store = AttachmentStore.directory(root, Duration.ZERO);
    store.prepare(http.store);
    Path orphan = plant(root.resolve("ef/ef23456789abcdef0123456789abcdef"), FileTime.from(Instant.now().minusSeconds(1)));

    assertThat(store.sweep(http.store)).isEqualTo(1);
    assertThat(orphan).doesNotExist();
    assertThat(store.sweep(http.store)).isZero();
  }

  @Test
  void aNegativeGracePeriodIsRefusedNamingTheFix(@TempDir Path root) {
    assertThatThrownBy(() -> AttachmentStore.directory(root, Duration.ofMinutes(-5)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("needs a grace period of zero or more, not PT-5M");
  }

  @Test
  void aNullRootOrGracePeriodIsAUsageExceptionNamingTheArgument(@TempDir Path root) {
    // null where a value is needed is a UsageException everywhere else (DataStore.builder().jdbcUrl(null)); these
    // were ConfigurationExceptions, the grace's saying "zero or more, not null"
    assertThatThrownBy(() -> AttachmentStore.directory(null)).isInstanceOf(UsageException.class)
        .hasMessage("AttachmentStore.directory(null): pass the directory the files are kept under, e.g."
            + " AttachmentStore.directory(Path.of(\"data/files\"))");
    assertThatThrownBy(() -> AttachmentStore.directory(null, Duration.ofHours(1))).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("AttachmentStore.directory(null, PT1H): pass the directory");
    assertThatThrownBy(() -> AttachmentStore.directory(root, null)).isInstanceOf(UsageException.class)
        .hasMessage("AttachmentStore.directory(" + root + ", null): pass the grace period, the longest an upload may"
            + " take from its first byte to its commit, like Duration.ofHours(1), or leave it out for one hour");
  }

  private static Path plant(Path file, FileTime modified) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "left behind");
    if (modified != null) {
      Files.setLastModifiedTime(file, modified);
    }
    return file;
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).collect(Collectors.toList());
    }
  }

  private static Path single(List<Path> files) {
    assertThat(files).hasSize(1);
    return files.get(0);
  }
}
