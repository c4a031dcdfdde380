package dev.scribe.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The article before a type's name in a message: "an Integer", "a Long", never "a Integer". */
class WordsTest {
  @Test
  void aNameThatStartsWithAVowelSoundTakesAn() {
    assertThat(Words.withArticle("Integer")).isEqualTo("an Integer");
    assertThat(Words.withArticle("int")).isEqualTo("an int");
    assertThat(Words.withArticle("Object")).isEqualTo("an Object");
    assertThat(Words.withArticle("ArrayList")).isEqualTo("an ArrayList");
    assertThat(Words.withArticle("order")).isEqualTo("an order");
  }

  @Test
  void aNameThatStartsWithAConsonantSoundTakesA() {
    assertThat(Words.withArticle("Long")).isEqualTo("a Long");
    assertThat(Words.withArticle("String")).isEqualTo("a String");
    assertThat(Words.withArticle("UUID")).isEqualTo("a UUID");
    assertThat(Words.withArticle("User")).isEqualTo("a User");
    assertThat(Words.withArticle("java.lang.Integer")).isEqualTo("a java.lang.Integer");
    assertThat(Words.withArticle("task")).isEqualTo("a task");
  }
}
