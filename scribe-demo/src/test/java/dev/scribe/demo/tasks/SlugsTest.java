package dev.scribe.demo.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlugsTest {

  @Test
  void lowerCasesAndCollapsesRunsOfNonAlphanumericsIntoOneDash() {
    assertThat(Slugs.of("  Write the README -- now!! ")).isEqualTo("write-the-readme-now");
    assertThat(Slugs.of("Ship v2.0 (final)")).isEqualTo("ship-v2-0-final");
    assertThat(Slugs.of("---")).isEmpty();
    assertThat(Slugs.of("Crème brûlée")).isEqualTo("creme-brulee");
    assertThat(Slugs.of("Ünïcødé 日本語 🎉 task")).isEqualTo("unicøde-日本語-task");
    assertThat(Slugs.of("Ｆｕｌｌｗｉｄｔｈ №1")).isEqualTo("fullwidth-no1");
    // one character of the title can come apart into eighteen: the slug still fits its column
    assertThat(Slugs.of("\uFDFA".repeat(200))).hasSizeBetween(Slugs.MAX_LENGTH - 1, Slugs.MAX_LENGTH)
        .startsWith("صلى-الله-عليه-وسلمصلى");
    // never cut between the two halves of a character
    assertThat(Slugs.of("a" + "𐐀".repeat(150))).isEqualTo("a" + "𐐨".repeat(99));
    assertThat(Slugs.of("a".repeat(199) + " " + "b".repeat(50))).isEqualTo("a".repeat(199));
    assertThat(Slugs.of("a".repeat(199) + "🎉")).isEqualTo("a".repeat(199));
  }
}
