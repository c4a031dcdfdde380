package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.scribe.core.Scribe;
import dev.scribe.core.Veto;
import dev.scribe.repository.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An immutable {@code @NaturalId} (the default) is set once, as an {@code @Column(updatable = false)} attribute is:
 * an update that would change it is a 400 naming it. Before, Hibernate threw at the flush ("An immutable natural
 * identifier ... was altered"), which reached the caller as an unexpected error, a 500 over HTTP.
 */
class ImmutableNaturalIdTest {
  @RegisterExtension
  static final TestDatabase DB = TestDatabase.create();

  static DataStore store;
  static BadgeRepository badges;

  @BeforeAll
  static void open() {
    store = DB.store(Scribe.create(), Badge.class);
    badges = store.register(new BadgeRepository());
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @Test
  void anUpdateChangingAnImmutableNaturalIdIsRefusedByNameAndTheStoredValueSentBackIsNoChange() {
    Badge badge = badges.create(params("code", "A-1", "label", "gold"));

    Veto changed = catchThrowableOfType(Veto.class, () -> badges.update(badge.getId(), params("code", "B-2")));
    Veto byQuery = catchThrowableOfType(Veto.class,
        () -> badges.updateWhere(new Query(), params("code", "B-2"), CallOptions.none()));
    badges.update(badge.getId(), params("code", "A-1", "label", "silver"));

    assertThat(changed.status()).isEqualTo(400);
    assertThat(changed.messages()).containsExactly("code cannot be changed after create: @NaturalId");
    assertThat(changed.fieldErrors()).containsExactly(Map.entry("code", List.of(
        "cannot be changed after create: @NaturalId; leave it out or send the stored value")));
    assertThat(byQuery.fieldErrors()).containsOnlyKeys("code");
    assertThat(DB.rows("Badge")).singleElement().satisfies(row -> {
      assertThat(row.get("code")).isEqualTo("A-1");
      assertThat(row.get("label")).isEqualTo("silver");
    });
  }
}
