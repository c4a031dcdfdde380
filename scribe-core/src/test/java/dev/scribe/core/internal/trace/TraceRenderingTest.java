package dev.scribe.core.internal.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.core.Change;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A recorded value is a short rendering that never calls a value's own {@code toString}. */
class TraceRenderingTest {
  @Test
  void renderingIsShortAndNeverCallsObjectToString() {
    Object plain = new Object() {};
    assertThat(TraceValues.render("x".repeat(500))).hasSize(TraceValues.MAX_LENGTH).endsWith("…");
    assertThat(TraceValues.render(plain)).doesNotContain("@");
    assertThat(TraceValues.render(new Change(1, 2))).isEqualTo("1 → 2");
    assertThat(TraceValues.render(Map.of("a", List.of(Map.of("deep", 1))))).isEqualTo("{a: [{1 entry}]}");
  }

  @Test
  void aValueCutShortKeepsEveryCharacterWhole() {
    // an emoji is two UTF-16 units: cut between them, a rendering held half a character, which JSON writes as a
    // lone surrogate (\uD83D) that strict readers refuse and the console shows as a replacement mark
    String emoji = "\uD83D\uDE00";
    for (int at = 70; at < 90; at++) {
      String value = "a".repeat(at) + emoji + "b".repeat(100);
      for (Object rendered : List.of(value, Map.of("title", value), List.of(value))) {
        String text = TraceValues.render(rendered);
        assertThat(text).as("emoji at %d in %s", at, rendered.getClass().getSimpleName())
            .hasSizeLessThanOrEqualTo(TraceValues.MAX_LENGTH).endsWith("…");
        assertThat(text.codePoints().filter(c -> Character.getType(c) == Character.SURROGATE).count()).as("emoji at %d", at).isZero();
        assertThat(text).doesNotContain("\uFFFD");
      }
    }
  }

  @Test
  void aStringIsQuotedSoThatItsEndAndItsInvisibleCharactersShow() {
    // a line break in a title would draw a second, made-up change under it; a quote would seem to end the value
    assertThat(TraceValues.render("a\nparams.priority: 1 → 5")).isEqualTo("\"a\\nparams.priority: 1 → 5\"");
    assertThat(TraceValues.render("say \"hi\", \\ ok")).isEqualTo("\"say \\\"hi\\\", \\\\ ok\"");
    assertThat(TraceValues.render("tab\there\r\u0000")).isEqualTo("\"tab\\there\\r\\u0000\"");
    // direction overrides and isolates, and the invisible marks, show as escapes instead of turning text around
    assertThat(TraceValues.render("\u202Eexe.txt\u2066\u200B")).isEqualTo("\"\\u202Eexe.txt\\u2066\\u200B\"");
    assertThat(TraceValues.render("café 😀")).isEqualTo("\"café 😀\"");
  }
}
