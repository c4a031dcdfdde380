package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.scribe.core.Veto;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A like filter's pattern: {@code %} any text and {@code _} one character, as documented, and a backslash before
 * {@code %}, {@code _} or a backslash for that character itself — the same on H2 and PostgreSQL, whose LIKE is
 * given the escape character rather than left to its default.
 */
class LikeFilterTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create().keepingRows();

  @BeforeAll
  static void open() {
    fixture.tasks.createBatch(List.of(params("title", "50% off"), params("title", "50 pct off"),
        params("title", "a_b"), params("title", "axb"), params("title", "back\\slash")), CallOptions.none());
  }

  private static List<String> titles(String pattern) {
    return fixture.tasks.list(Query.fromParams(Map.of("title[like]", pattern, "sort", "title")), CallOptions.none())
        .items().stream().map(Task::getTitle).toList();
  }

  @Test
  void percentAndUnderscoreAreWildcardsAndABackslashMakesThemLiteral() {
    assertThat(titles("50%")).containsExactly("50 pct off", "50% off");
    assertThat(titles("a_b")).containsExactly("a_b", "axb");
    assertThat(titles("50\\%%")).containsExactly("50% off");
    assertThat(titles("a\\_b")).containsExactly("a_b");
    assertThat(titles("%\\\\%")).containsExactly("back\\slash");
  }

  @Test
  void aBackslashBeforeAnythingElseIsA400NamingTheFilter() {
    for (String pattern : List.of("off\\", "a\\xb")) {
      Veto veto = catchThrowableOfType(Veto.class, () -> titles(pattern));
      assertThat(veto).as(pattern).isNotNull();
      assertThat(veto.status()).isEqualTo(400);
      assertThat(veto.messages()).singleElement().asString().startsWith("title[like]: ")
          .contains("a backslash").contains("\\%").contains("\\_").contains("\\\\");
    }
  }
}
