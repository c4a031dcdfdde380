package dev.scribe.demo.tasks;

import dev.scribe.core.EventArgs;
import dev.scribe.core.User;
import dev.scribe.repository.Operator;
import dev.scribe.repository.RowScope;

/** The demo's one ownership rule, shared by the repositories' {@code scopeQuery} handlers. */
public final class Owners {
  /** The role that sees every row and may use {@code /admin/**}. */
  public static final String ADMIN = "admin";

  private Owners() {}

  /**
   * Admins see every row; a logged-in user the rows whose {@code attribute} is its id; an anonymous caller
   * the rows without an owner.
   */
  public static void scope(EventArgs args, String attribute) {
    User user = User.from(args);
    if (user != null && user.hasRole(ADMIN)) {
      return;
    }
    RowScope.of(args).where(attribute, Operator.EQ, user == null ? null : user.id());
  }

  /** The caller's id, or null for an anonymous caller. */
  public static String idOf(Object user) {
    return user instanceof User ? ((User) user).id() : null;
  }
}
