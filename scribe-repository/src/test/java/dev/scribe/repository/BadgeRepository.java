package dev.scribe.repository;

/** The repository of {@link Badge}. */
public class BadgeRepository extends Repository<Badge, Long> {
  @Override
  public String name() {
    return "badges";
  }
}
