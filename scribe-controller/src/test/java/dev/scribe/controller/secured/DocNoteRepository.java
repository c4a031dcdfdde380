package dev.scribe.controller.secured;

import dev.scribe.core.EventArgs;
import dev.scribe.core.User;
import dev.scribe.repository.Operator;
import dev.scribe.repository.Repository;
import dev.scribe.repository.RowScope;

/** Notes: in scope exactly when their document is. */
public class DocNoteRepository extends Repository<DocNote, Long> {
  void scopeQuery(EventArgs args) {
    User user = User.from(args);
    if (user != null && user.hasRole("admin")) {
      return;
    }
    RowScope.of(args).where("doc.ownerId", Operator.EQ, user == null ? null : user.id());
  }
}
