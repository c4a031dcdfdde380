package dev.scribe.controller.boards;

import dev.scribe.core.EventArgs;
import dev.scribe.core.User;
import dev.scribe.repository.Operator;
import dev.scribe.repository.Repository;
import dev.scribe.repository.RowScope;

/** Cards: written for their caller; a caller sees its own, anonymous callers the authorless ones, admins all. */
public class CardRepository extends Repository<Card, Long> {
  void preCreate(EventArgs args) {
    User user = User.from(args);
    args.params().put("authorId", user == null ? null : user.id());
  }

  void scopeQuery(EventArgs args) {
    User user = User.from(args);
    if (user != null && user.hasRole("admin")) {
      return;
    }
    RowScope.of(args).where("authorId", Operator.EQ, user == null ? null : user.id());
  }
}
