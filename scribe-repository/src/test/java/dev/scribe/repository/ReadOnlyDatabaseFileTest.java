package dev.scribe.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.scribe.core.ConfigurationException;
import dev.scribe.core.Scribe;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedded H2 file that this process cannot write (a read-only file, directory or file system; H2 then opens it
 * read-only without a word) is refused when the store is built, naming the file: the store started, and its first
 * write failed with "The database is read only" (the demo's start failed on an SQL statement of its own schema).
 * A URL that asks for read-only access itself ({@code ACCESS_MODE_DATA=r}) is taken.
 */
class ReadOnlyDatabaseFileTest {
  @TempDir
  Path directory;

  @Test
  void aDatabaseFileThatCannotBeWrittenIsRefusedNamingTheFile() throws Exception {
    Path file = directory.resolve("tasks");
    build("jdbc:h2:file:" + file).close();
    // A zipped database is one H2 can only read, as it is a file on a read-only file system (chmod does not stop
    // the root user, who runs the tests in containers).
    Path zip = directory.resolve("tasks.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("tasks.mv.db"));
      Files.copy(directory.resolve("tasks.mv.db"), (OutputStream) out);
      out.closeEntry();
    }

    Throwable refused = catchThrowable(() -> build("jdbc:h2:zip:" + zip + "!/tasks").close());

    assertThat(refused).isInstanceOf(ConfigurationException.class);
    assertThat(refused.getMessage()).contains(zip + "!/tasks.mv.db").contains("can only be read")
        .contains("make it writable").contains("ACCESS_MODE_DATA=r");
  }

  @Test
  void aUrlThatAsksForReadOnlyAccessIsTaken() {
    Path file = directory.resolve("kept");
    build("jdbc:h2:file:" + file).close();

    try (DataStore readOnly = DataStore.builder(Scribe.create()).jdbcUrl("jdbc:h2:file:" + file + ";ACCESS_MODE_DATA=r")
        .username("sa").password("").schemaAction("none").entities(Task.class, Subtask.class, Person.class,
            AuditEntry.class).build()) {
      assertThat(readOnly).isNotNull();
    }
  }

  private static DataStore build(String url) {
    return DataStore.builder(Scribe.create()).jdbcUrl(url).username("sa").password("").schemaAction("update")
        .entities(Task.class, Subtask.class, Person.class, AuditEntry.class).build();
  }
}
