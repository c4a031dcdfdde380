package dev.scribe.controller.conflicts;

import dev.scribe.repository.Repository;

/** The repository of {@link Member}: no handlers of its own. */
public class MemberRepository extends Repository<Member, Long> {}
