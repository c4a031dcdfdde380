package dev.scribe.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README stays a front page: at most 12 KB, the two set-up commands first (the test command the same
 * one {@code .ci/run} runs), the console picture, a link to every page of {@code docs/}; and no relative link
 * of the documentation points at a file or a heading that does not exist.
 */
class ReadmeTest {
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

  private static Path root;
  private static String readme;

  @BeforeAll
  static void read() throws IOException {
    root = DocsRoot.find();
    readme = Files.readString(root.resolve("README.md"));
  }

  @Test
  void isAShortFrontPage() {
    assertThat(readme.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).as("README.md bytes").isLessThanOrEqualTo(12 * 1024);
    assertThat(readme).contains("![").contains("(docs/console.png)");
  }

  @Test
  void theTestCommandIsTheOneCiRuns() throws IOException {
    int setUp = readme.indexOf("## Set up");
    int block = readme.indexOf("```sh\n", setUp);
    List<String> commands = readme.substring(block + 6, readme.indexOf("\n```", block)).lines()
        .map(line -> line.replaceAll("\\s+#.*$", "").strip()).collect(Collectors.toList());
    assertThat(commands).hasSize(2);
    assertThat(commands.get(0)).startsWith("mvn -B -q package -DskipTests && java ")
        .contains("-jar scribe-demo/target/scribe-demo.jar");
    assertThat(Files.readAllLines(root.resolve(".ci/run")).stream().map(String::strip))
        .as(".ci/run runs the README's test command").contains(commands.get(1));
  }

  @Test
  void linksEveryPageOfTheDocs() throws IOException {
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      List<String> unlinked = docs.filter(p -> p.toString().endsWith(".md"))
          .map(p -> "docs/" + p.getFileName()).filter(page -> !readme.contains("](" + page + ")")).sorted()
          .collect(Collectors.toList());
      assertThat(unlinked).as("pages of docs/ the README does not link (add a row to its Documentation table)").isEmpty();
    }
  }

  @Test
  void everyRelativeLinkPointsAtAFileAndHeadingThatExist() throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path page : DocSnippetsTest.pages(root)) {
      String text = Files.readString(page);
      Matcher link = LINK.matcher(text);
      while (link.find()) {
        String target = link.group(1);
        if (target.matches("^[a-z]+:.*")) {
          continue;
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path linked = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!Files.exists(linked)) {
          broken.add(root.relativize(page) + ": " + target + " (no such file)");
        } else if (hash >= 0 && linked.toString().endsWith(".md")
            && !anchors(Files.readString(linked)).contains(target.substring(hash + 1))) {
          broken.add(root.relativize(page) + ": " + target + " (no such heading)");
        }
      }
    }
    assertThat(broken).as("broken links in the docs").isEmpty();
  }

  /** GitHub's anchors of a page's headings: lower case, punctuation dropped, spaces as hyphens. */
  static Set<String> anchors(String page) {
    return page.lines().filter(line -> line.startsWith("#"))
        .map(line -> line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT)
            .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'))
        .collect(Collectors.toSet());
  }
}
