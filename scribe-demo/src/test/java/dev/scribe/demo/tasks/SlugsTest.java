package dev.scribe.demo.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlugsTest {

  @Test
  void lowerCasesAndCollapsesRunsOfNonAlphanumericsIntoOneDash() {
    assertThat(Slugs.of("  Write the README -- now!! ")).isEqualTo("write-the-readme-now");
    assertThat(Slugs.of("Ship v2.0 (final)")).isEqualTo("ship-v2-0-final");
    assertThat(Slugs.of("---")).isEmpty();
    assertThat(Slugs.of("Crème brûlée")).isEqualTo("cr-me-br-l-e");
  }
}
