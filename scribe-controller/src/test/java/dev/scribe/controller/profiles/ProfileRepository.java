package dev.scribe.controller.profiles;

import dev.scribe.repository.Repository;

/** Profiles. */
public class ProfileRepository extends Repository<Profile, Long> {}
