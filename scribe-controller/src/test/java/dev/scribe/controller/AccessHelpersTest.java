package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.EventArgs;
import dev.scribe.core.UsageException;
import dev.scribe.core.User;
import dev.scribe.core.Veto;
import org.junit.jupiter.api.Test;

/** Access's helpers, called by an application's onAuthorize handlers, as their javadoc describes them. */
class AccessHelpersTest {
  private static EventArgs args(User user) {
    EventArgs args = EventArgs.builder().self(new Object()).path("admin.tasks.destroy").action("destroy").build();
    if (user != null) {
      args.put(EventArgs.USER, user);
    }
    return args;
  }

  @Test
  void aCallerWithoutTheRoleIsA403AndNoCallerA401() {
    User ada = User.of("u1", "ada", "editor");

    assertThat(Access.requireRole(args(ada), "admin", "editor")).isSameAs(ada);
    assertThatThrownBy(() -> Access.requireRole(args(ada), "admin")).isInstanceOfSatisfying(Veto.class,
        veto -> assertThat(veto.status()).isEqualTo(403))
        .hasMessage("admin.tasks.destroy needs the role 'admin', which ada does not have");
    assertThatThrownBy(() -> Access.requireRole(args(null), "admin")).isInstanceOfSatisfying(Veto.class,
        veto -> assertThat(veto.status()).isEqualTo(401));
  }

  @Test
  void nullArgumentsAreUsageErrorsSayingWhatToPass() {
    assertThatThrownBy(() -> Access.requireUser(null)).isInstanceOf(UsageException.class)
        .hasMessage("Access.requireUser(null): pass the event's args, e.g. Access.requireUser(args) in onAuthorize");
    assertThatThrownBy(() -> Access.requireRole(null, "admin")).isInstanceOf(UsageException.class)
        .hasMessage("Access.requireRole(null, ...): pass the event's args, e.g. Access.requireRole(args, \"admin\")"
            + " in onAuthorize");
    assertThatThrownBy(() -> Access.requireRole(args(User.of("u1", "ada")), (String[]) null))
        .isInstanceOf(UsageException.class)
        .hasMessage("Access.requireRole(args, null): pass the roles one of which the caller needs, e.g."
            + " Access.requireRole(args, \"admin\")");
    assertThatThrownBy(() -> Access.requireRole(args(User.of("u1", "ada")))).isInstanceOf(UsageException.class)
        .hasMessage("Access.requireRole(args) names no role: pass the roles one of which the caller needs, e.g."
            + " Access.requireRole(args, \"admin\"), or call Access.requireUser(args) for any logged-in user");
    assertThatThrownBy(() -> Access.requireRole(args(User.of("u1", "ada")), "admin", null))
        .isInstanceOf(UsageException.class)
        .hasMessage("Access.requireRole(args, [admin, null]): a role is null; name each role the caller may hold");
    assertThatThrownBy(() -> Access.unauthenticated(null)).isInstanceOf(UsageException.class)
        .hasMessage("Access.unauthenticated(null): pass the message that says how to authenticate");
    assertThatThrownBy(() -> Access.forbidden(null)).isInstanceOf(UsageException.class)
        .hasMessage("Access.forbidden(null): pass the message that says which right is missing");
  }
}
