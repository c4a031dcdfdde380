package dev.scribe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Globs over dotted context paths: {@code *} one segment, {@code **} any number including none. */
class PathGlobTest {

  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource({
      "tasks.store,          tasks.store,               true",
      "tasks.store,          tasks.update,              false",
      "tasks.store,          admin.tasks.store,         false",
      "tasks.store,          tasks.store.extra,         false",
      "*.store,              tasks.store,               true",
      "*.store,              admin.tasks.store,         false",
      "*.store,              store,                     false",
      "tasks.*,              tasks.store,               true",
      "tasks.*,              tasks,                     false",
      "tasks.*,              tasks.subtasks.store,      false",
      "*.*,                  tasks.store,               true",
      "*,                    tasks,                     true",
      "*,                    tasks.store,               false",
      "admin.**,             admin.tasks.store,         true",
      "admin.**,             admin.tasks,               true",
      "admin.**,             admin,                     true",
      "admin.**,             administrators.store,      false",
      "admin.**,             tasks.admin.store,         false",
      "**.store,             store,                     true",
      "**.store,             tasks.store,               true",
      "**.store,             admin.tasks.store,         true",
      "**.store,             tasks.storeAll,            false",
      "tasks.**.update,      tasks.update,              true",
      "tasks.**.update,      tasks.subtasks.update,     true",
      "tasks.**.update,      tasks.a.b.c.update,        true",
      "tasks.**.update,      tasks.subtasks.store,      false",
      "**,                   tasks.subtasks.update,     true",
      "**,                   tasks,                     true",
      "**.*,                 tasks,                     true",
      "*.**,                 admin.tasks.store,         true",
      "**.admin.**,          x.admin.y,                 true",
      "**.admin.**,          admin,                     true",
      "**.admin.**,          x.administrator.y,         false",
      "tasks-v2.store_all,   tasks-v2.store_all,        true",
  })
  void matches(String glob, String path, boolean expected) {
    assertThat(PathGlob.of(glob).matches(path)).isEqualTo(expected);
  }

  @Test
  void aMissingPathHasZeroSegmentsSoOnlyDoubleStarMatchesIt() {
    assertThat(PathGlob.of("**").matches(null)).isTrue();
    assertThat(PathGlob.of("**.**").matches(null)).isTrue();
    assertThat(PathGlob.of("*").matches(null)).isFalse();
    assertThat(PathGlob.of("admin.**").matches(null)).isFalse();
    assertThat(PathGlob.of("**").matches("")).isTrue();
  }

  @ParameterizedTest(name = "{0} does not match {1}")
  @CsvSource({
      "**,          a..b",
      "**,          .a",
      "**,          a.",
      "**,          .",
      "**.**,       a..b",
      "a.**,        a.",
      "a.**,        a..b",
      "**.b,        a..b",
      "**.b,        .b",
      "*.**,        a..b",
  })
  void aPathWithAnEmptySegmentMatchesNoGlob(String glob, String path) {
    // EventArgs.builder().path(...) and Config.resolve(...) refuse such a path: no glob matches it as meant.
    assertThat(PathGlob.of(glob).matches(path)).isFalse();
  }

  @Test
  void globsSortFromLeastToMostSpecific() {
    List<PathGlob> globs = new ArrayList<>();
    for (String pattern : List.of("admin.tasks.store", "**", "admin.**", "*.*.store", "*", "admin.*.store", "admin.tasks.*")) {
      globs.add(PathGlob.of(pattern));
    }

    globs.sort(null);

    assertThat(globs).extracting(PathGlob::pattern)
        .containsExactly("**", "*", "admin.**", "*.*.store", "admin.*.store", "admin.tasks.*", "admin.tasks.store");
  }

  @Test
  void anExactPathIsMoreSpecificThanOneStarWhichIsMoreSpecificThanTwo() {
    assertThat(PathGlob.of("tasks.store")).isGreaterThan(PathGlob.of("tasks.*"));
    assertThat(PathGlob.of("tasks.*")).isGreaterThan(PathGlob.of("tasks.**"));
    assertThat(PathGlob.of("*.store").compareTo(PathGlob.of("tasks.*"))).isZero();
  }

  @Test
  void anInvalidSegmentIsAnErrorNamingIt() {
    assertThatThrownBy(() -> PathGlob.of("admin.task?.store"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("path glob 'admin.task?.store' has an invalid segment 'task?'; segments are names (letters, digits,"
            + " _ or -), * (one segment) or ** (any number), separated by dots");
    assertThatThrownBy(() -> PathGlob.of("admin.***")).hasMessageContaining("invalid segment '***'");
    assertThatThrownBy(() -> PathGlob.of("")).hasMessageContaining("invalid segment ''");
  }

  @Test
  void equalityIsByPattern() {
    assertThat(PathGlob.of("admin.**")).isEqualTo(PathGlob.of("admin.**")).hasToString("admin.**");
    assertThat(PathGlob.of("admin.**")).isNotEqualTo(PathGlob.of("admin.*"));
  }
}
