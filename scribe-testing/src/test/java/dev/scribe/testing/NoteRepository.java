package dev.scribe.testing;

import dev.scribe.core.EventArgs;
import dev.scribe.core.Veto;
import dev.scribe.repository.Repository;

/** Trims titles and refuses to delete pinned notes. */
// tag::testing-repository[]
public class NoteRepository extends Repository<Note, Long> {
  void preSave(EventArgs args) {
    args.params().computeIfPresent("title", (key, title) -> title.toString().strip());
  }

  void verifyDelete(EventArgs args) {
    if (args.entity(Note.class).pinned) {
      throw new Veto(409, "note " + args.id() + " is pinned");
    }
  }
}
// end::testing-repository[]
