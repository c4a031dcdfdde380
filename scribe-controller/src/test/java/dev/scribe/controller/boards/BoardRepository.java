package dev.scribe.controller.boards;

import dev.scribe.core.EventArgs;
import dev.scribe.core.User;
import dev.scribe.repository.Operator;
import dev.scribe.repository.Repository;
import dev.scribe.repository.RowScope;

/** Boards: archived ones are out of scope for everyone but admins. */
public class BoardRepository extends Repository<Board, Long> {
  void scopeQuery(EventArgs args) {
    User user = User.from(args);
    if (user == null || !user.hasRole("admin")) {
      RowScope.of(args).where("archived", Operator.EQ, false);
    }
  }
}
