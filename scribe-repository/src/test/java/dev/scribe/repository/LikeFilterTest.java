package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
 * given the escape character rather than left to its default. A row scope's like reads its pattern the same way.
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

  private static List<String> scopedTitles(String pattern) {
    dev.scribe.core.Subscription scope = fixture.on(fixture.tasks.events(), "scopeQuery",
        args -> RowScope.of(args).where("title", Operator.LIKE, pattern));
    try {
      return fixture.tasks.list(Query.fromParams(Map.of("sort", "title")), CallOptions.none()).items().stream()
          .map(Task::getTitle).toList();
    } finally {
      scope.remove();
    }
  }

  // a row scope's pattern reads as a filter's, on both databases: before, its LIKE was left to the database's
  // escape character, H2 had none, and a scope that escaped the caller's own text (a team "a_b") found no row
  // there, while an unescaped one let "axb" in — more rows than the scope names
  @Test
  void aRowScopesPatternEscapesWithABackslashAsAFilterDoes() {
    assertThat(scopedTitles("a\\_b")).containsExactly("a_b");
    assertThat(scopedTitles("50\\%%")).containsExactly("50% off");
    assertThat(scopedTitles(RowScope.likeLiteral("a_b"))).containsExactly("a_b");
    assertThat(scopedTitles(RowScope.likeLiteral("back\\slash"))).containsExactly("back\\slash");
    assertThat(scopedTitles(RowScope.likeLiteral("50%") + "%")).containsExactly("50% off");
    assertThat(scopedTitles("a_b")).containsExactly("a_b", "axb");
  }

  @Test
  void aRowScopesPatternWithAStrayBackslashIsTheHandlersUsageError() {
    assertThatThrownBy(() -> scopedTitles("a\\xb")).isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessageContaining("RowScope.where(\"title\", Operator.LIKE, \"a\\xb\")")
        .hasMessageContaining("a backslash before 'x'").hasMessageContaining("RowScope.likeLiteral");
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
