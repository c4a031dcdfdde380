package dev.scribe.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every {@code java} block of the documentation is code that the build compiles and runs: it must equal a
 * tagged region of a test source, compared line by line after removing the common indentation and trailing
 * blanks.
 *
 * <p>A region is written in any {@code src/test/java} of the project as
 * <pre>
 * // tag::name[]
 * ...code...
 * // end::name[]
 * </pre>
 * Regions may nest; the marker lines of other regions are left out of a region. Several regions of one name in
 * one file make one snippet, joined by a blank line (so a snippet can show a class and the statements that use
 * it). The documentation is {@code README.md}, every {@code docs/*.md} and every module's {@code README.md}.
 */
class DocSnippetsTest {
  private static final Pattern TAG = Pattern.compile("^\\s*//\\s*(tag|end)::([A-Za-z0-9_.-]+)\\[\\]\\s*$");

  private static Path root;
  private static Map<String, String> regions;

  @BeforeAll
  static void read() throws IOException {
    root = DocsRoot.find();
    regions = regions(root);
  }

  @Test
  void everyJavaBlockOfTheDocsIsATaggedRegionOfATest() throws IOException {
    List<String> drifted = new ArrayList<>();
    int checked = 0;
    for (Path page : pages(root)) {
      for (Snippet snippet : javaBlocks(page)) {
        checked++;
        if (!regions.containsValue(snippet.code)) {
          drifted.add(root.relativize(page) + ":" + snippet.line + " matches no tagged region of a test source; "
              + closest(snippet.code));
        }
      }
    }
    assertThat(checked).as("java blocks found in the docs").isGreaterThan(10);
    assertThat(drifted).as("java blocks of the docs that are not code the build runs").isEmpty();
  }

  @Test
  void everyTaggedRegionIsShownInTheDocs() throws IOException {
    List<String> shown = new ArrayList<>();
    for (Path page : pages(root)) {
      javaBlocks(page).forEach(snippet -> shown.add(snippet.code));
    }
    assertThat(regions).isNotEmpty();
    assertThat(regions.entrySet().stream().filter(region -> !shown.contains(region.getValue())).map(Map.Entry::getKey))
        .as("tagged regions that no page of the docs shows").isEmpty();
  }

  @Test
  void regionsAreReadAsDocumented() {
    Map<String, String> read = regionsOf("Example.java", List.of(
        "class Example {",
        "  // tag::outer[]",
        "  void a() {",
        "    // tag::inner[]",
        "    call();",
        "    // end::inner[]",
        "  }",
        "  // end::outer[]",
        "  // tag::inner[]",
        "  void b() {}",
        "  // end::inner[]",
        "}"));
    assertThat(read).containsExactly(
        Map.entry("Example.java#inner", "call();\n\nvoid b() {}"),
        Map.entry("Example.java#outer", "void a() {\n  call();\n}"));
    assertThat(normalize(List.of("", "    x(); ", "      y();", ""))).isEqualTo("x();\n  y();");
  }

  /** The markdown files of the documentation. */
  static List<Path> pages(Path root) throws IOException {
    List<Path> pages = new ArrayList<>();
    pages.add(root.resolve("README.md"));
    try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    try (Stream<Path> modules = Files.list(root)) {
      modules.map(m -> m.resolve("README.md")).filter(Files::isRegularFile).sorted().forEach(pages::add);
    }
    return pages;
  }

  record Snippet(int line, String code) {}

  /** The {@code java} fenced blocks of a page, normalized. */
  static List<Snippet> javaBlocks(Path page) throws IOException {
    List<String> lines = Files.readAllLines(page);
    List<Snippet> snippets = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).strip().equals("```java")) {
        continue;
      }
      int start = i;
      List<String> code = new ArrayList<>();
      for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
        code.add(lines.get(i));
      }
      snippets.add(new Snippet(start + 1, normalize(code)));
    }
    return snippets;
  }

  /** Every tagged region of every test source, as {@code file#name} → normalized code. */
  static Map<String, String> regions(Path root) throws IOException {
    List<Path> sources = new ArrayList<>();
    List<Path> testRoots;
    try (Stream<Path> modules = Files.list(root)) {
      testRoots = modules.map(m -> m.resolve("src/test/java")).filter(Files::isDirectory).sorted()
          .collect(Collectors.toList());
    }
    for (Path testRoot : testRoots) {
      try (Stream<Path> files = Files.walk(testRoot)) {
        files.filter(p -> p.toString().endsWith(".java")).sorted().forEach(sources::add);
      }
    }
    Map<String, String> regions = new LinkedHashMap<>();
    for (Path source : sources) {
      regions.putAll(regionsOf(root.relativize(source).toString(), Files.readAllLines(source)));
    }
    return regions;
  }

  static Map<String, String> regionsOf(String file, List<String> lines) {
    Map<String, List<List<String>>> parts = new LinkedHashMap<>();
    Map<String, List<String>> open = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher tag = TAG.matcher(lines.get(i));
      if (tag.matches()) {
        String name = tag.group(2);
        if (tag.group(1).equals("tag")) {
          assertThat(open).as("%s:%d: tag::%s[] opened twice", file, i + 1, name).doesNotContainKey(name);
          open.put(name, new ArrayList<>());
        } else {
          List<String> region = open.remove(name);
          assertThat(region).as("%s:%d: end::%s[] without its tag::%s[]", file, i + 1, name, name).isNotNull();
          parts.computeIfAbsent(name, n -> new ArrayList<>()).add(region);
        }
        continue;
      }
      for (List<String> region : open.values()) {
        region.add(lines.get(i));
      }
    }
    assertThat(open.keySet()).as("%s: regions without end::name[]", file).isEmpty();
    Map<String, String> regions = new LinkedHashMap<>();
    parts.forEach((name, regionParts) -> regions.put(file + "#" + name,
        regionParts.stream().map(DocSnippetsTest::normalize).collect(Collectors.joining("\n\n"))));
    return regions;
  }

  /** Without trailing blanks, leading and trailing empty lines and the indentation common to all lines. */
  static String normalize(List<String> lines) {
    List<String> stripped = lines.stream().map(String::stripTrailing).collect(Collectors.toCollection(ArrayList::new));
    while (!stripped.isEmpty() && stripped.get(0).isEmpty()) {
      stripped.remove(0);
    }
    while (!stripped.isEmpty() && stripped.get(stripped.size() - 1).isEmpty()) {
      stripped.remove(stripped.size() - 1);
    }
    int indent = stripped.stream().filter(l -> !l.isEmpty())
        .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    return stripped.stream().map(l -> l.isEmpty() ? l : l.substring(indent)).collect(Collectors.joining("\n"));
  }

  /** The region sharing the most lines with {@code code}, and the first line where they differ. */
  private static String closest(String code) {
    List<String> lines = List.of(code.split("\n"));
    return regions.entrySet().stream()
        .max(Comparator.comparingLong(e -> List.of(e.getValue().split("\n")).stream().filter(lines::contains).count()))
        .map(e -> {
          List<String> region = List.of(e.getValue().split("\n"));
          int at = 0;
          while (at < lines.size() && at < region.size() && lines.get(at).equals(region.get(at))) {
            at++;
          }
          return "closest is " + e.getKey() + ", which differs at snippet line " + (at + 1) + ":\n  docs:   "
              + (at < lines.size() ? lines.get(at) : "(end)") + "\n  region: " + (at < region.size() ? region.get(at) : "(end)");
        })
        .orElse("no tagged regions found");
  }
}
