package dev.scribe.docs;

import dev.scribe.core.EventArgs;
import dev.scribe.core.Veto;
import dev.scribe.repository.Repository;

/** The task repository of the guides' examples. */
// tag::repository-tasks[]
public class TaskRepository extends Repository<Task, Long> {
  void preCreate(EventArgs args) {                   // repository tier: self is the repository
    args.params().putIfAbsent("priority", 3);
  }

  void validateSave(EventArgs args) {                // create and update; collected per record in a batch
    if ("urgent".equals(args.params().get("title"))) {
      throw Veto.field("title", "must say what is urgent");
    }
  }

  void verifyDelete(EventArgs args) {                // business rules; a veto rolls everything back
    if (!args.entity(Task.class).completed) {
      throw new Veto(409, "task " + args.id() + " is still open");
    }
  }
}
// end::repository-tasks[]
