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
}
