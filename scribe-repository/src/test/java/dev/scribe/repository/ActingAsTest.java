package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.eventbus.Subscribe;
import dev.scribe.core.EventArgs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code DataStore.actingAs}: the user it names is the caller of the work inside, nested or not. */
class ActingAsTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create();

  private static Object unitUser() {
    return fixture.store.inTransaction(() -> fixture.store.currentUnitOfWork().orElseThrow().user());
  }

  @Test
  void aNestedActingAsRunsItsWorkAsTheInnerUserAndRestoresTheOuterAfter() {
    List<Object> seen = new ArrayList<>();

    fixture.store.actingAs("alice", () -> {
      seen.add(unitUser());
      seen.add(fixture.store.actingAs("bob", ActingAsTest::unitUser));
      seen.add(unitUser());
      return null;
    });

    assertThat(seen).containsExactly("alice", "bob", "alice");
    assertThat(unitUser()).as("anonymous again outside").isNull();
  }

  @Test
  void theOuterUserIsRestoredWhenTheInnerWorkThrows() {
    List<Object> seen = new ArrayList<>();

    fixture.store.actingAs("alice", () -> {
      assertThatThrownBy(() -> fixture.store.actingAs("bob", () -> {
        throw new IllegalStateException("boom");
      })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
      seen.add(unitUser());
      return null;
    });

    assertThat(seen).containsExactly("alice");
    assertThat(unitUser()).isNull();
  }

  @Test
  void aNestedActingAsNamingNoUserKeepsTheOuterUser() {
    assertThat(fixture.store.actingAs("alice", () -> fixture.store.actingAs(null, ActingAsTest::unitUser)))
        .isEqualTo("alice");
  }

  @Test
  void aRepositoryCallInsideANestedActingAsInAnOpenUnitOfWorkRunsAsTheInnerUser() {
    List<Object> users = new ArrayList<>();
    List<Object> published = new ArrayList<>();
    fixture.on(fixture.tasks.events(), "preCreate", args -> users.add(args.get(EventArgs.USER)));
    Object listener = new Object() {
      @Subscribe
      public void on(EntityEvent event) {
        published.add(event.user());
      }
    };
    fixture.store.events().register(listener);
    try {
      fixture.store.actingAs("alice", () -> fixture.store.inTransaction(() -> {
        fixture.tasks.create(params("title", "as alice"));
        fixture.store.actingAs("bob", () -> fixture.tasks.create(params("title", "as bob")));
        fixture.tasks.create(params("title", "alice again"));
        return fixture.store.currentUnitOfWork().orElseThrow().user();
      }));
    } finally {
      fixture.store.events().unregister(listener);
    }

    assertThat(users).containsExactly("alice", "bob", "alice");
    assertThat(published).as("each write's after-commit event names its caller").containsExactly("alice", "bob", "alice");
  }
}
