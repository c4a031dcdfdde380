package dev.scribe.demo;

import dev.scribe.demo.tasks.Owners;
import dev.scribe.controller.auth.IdentityStore;
import dev.scribe.core.User;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/** The demo's administrator: the account {@value #NAME} with the role admin, created on first start. */
final class AdminAccount {
  static final String NAME = "admin";

  private AdminAccount() {}

  /**
   * Creates the admin account when it is missing, with {@code password} or a random one; with a password
   * given, an existing account takes it (its tokens revoked) unless it already has it (its tokens kept). Returns the random password to print once, or null.
   */
  static String ensure(IdentityStore identities, String password) {
    Optional<User> existing = identities.findByName(NAME);
    if (existing.isPresent()) {
      setPassword(identities, existing.get(), password);
      return null;
    }
    String chosen = password != null ? password : random();
    try {
      identities.register(NAME, chosen, Set.of(Owners.ADMIN));
    } catch (dev.scribe.core.Veto taken) {
      // another instance starting on the same database registered it a moment ago
      Optional<User> created = taken.status() == 409 ? identities.findByName(NAME) : Optional.empty();
      if (created.isEmpty()) {
        throw taken;
      }
      setPassword(identities, created.get(), password);
      return null;
    }
    return password != null ? null : chosen;
  }

  /**
   * Gives the account {@code password} unless it already has it: changing a password revokes every token of
   * the account, and instances restarted with the same flag must not log the administrators out everywhere.
   */
  private static void setPassword(IdentityStore identities, User admin, String password) {
    if (password != null && identities.verify(NAME, password) == null) {
      identities.changePassword(admin, password);
    }
  }

  private static String random() {
    byte[] bytes = new byte[15];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
