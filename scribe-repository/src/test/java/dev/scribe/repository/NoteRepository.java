package dev.scribe.repository;

/** The repository of {@link Note}. */
public class NoteRepository extends Repository<Note, Long> {
  @Override
  public String name() {
    return "notes";
  }
}
