package dev.scribe.controller.conflicts;

import dev.scribe.repository.Repository;

/** The repository of {@link Membership}: no handlers of its own. */
public class MembershipRepository extends Repository<Membership, Long> {}
