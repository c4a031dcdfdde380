package dev.scribe.docs;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project's root directory, found from the working directory of a module's tests. */
public final class DocsRoot {
  private DocsRoot() {}

  /** The nearest directory at or above the working directory that holds {@code README.md} and {@code docs/}. */
  public static Path find() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("docs"))
          && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no project root (README.md, docs/, pom.xml) at or above " + Path.of("").toAbsolutePath());
  }
}
