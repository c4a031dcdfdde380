package dev.scribe.controller.secured;

import dev.scribe.core.EventArgs;
import dev.scribe.core.User;
import dev.scribe.repository.Operator;
import dev.scribe.repository.Repository;
import dev.scribe.repository.RowScope;

/** Documents: created for their caller; a caller sees its own, anonymous callers the ownerless ones, admins all. */
public class DocRepository extends Repository<Doc, Long> {
  void preCreate(EventArgs args) {
    User user = User.from(args);
    args.params().put("ownerId", user == null ? null : user.id());
  }

  void scopeQuery(EventArgs args) {
    User user = User.from(args);
    if (user != null && user.hasRole("admin")) {
      return;
    }
    RowScope.of(args).where("ownerId", Operator.EQ, user == null ? null : user.id());
  }
}
