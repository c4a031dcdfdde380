package dev.scribe.repository;

/** The repository of {@link Person}. */
public class PersonRepository extends Repository<Person, Long> {
  @Override
  public String name() {
    return "people";
  }
}
