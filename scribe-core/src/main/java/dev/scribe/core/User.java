package dev.scribe.core;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The caller of an operation: a stable id, a display name and the roles it holds. The controller tier puts
 * it under {@value EventArgs#USER} in the args of every event of every tier (repository and entity events
 * of the same unit of work included); it is absent for anonymous callers.
 *
 * <p>Immutable.
 *
 * <pre>{@code
 * void preCreate(EventArgs args) {
 *   User user = User.from(args);
 *   if (user != null) {
 *     args.params().put("ownerId", user.id());
 *   }
 * }
 * }</pre>
 *
 * @param id    the stable identifier (never reused for another account)
 * @param name  the login or display name
 * @param roles the roles held, e.g. {@code admin}
 */
public record User(String id, String name, Set<String> roles) {
  /** Checks the fields; {@code roles} is copied. */
  public User {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    roles = roles == null ? Set.of() : Set.copyOf(roles);
  }

  /** A user with these roles. */
  public static User of(String id, String name, String... roles) {
    return new User(id, name, Set.of(roles));
  }

  /** The user under {@value EventArgs#USER} in {@code args}, or null when there is none or it is not a {@link User}. */
  public static User from(Map<String, ?> args) {
    Object user = args.get(EventArgs.USER);
    return user instanceof User ? (User) user : null;
  }

  /** True when this user holds {@code role}. */
  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /** True when this user holds at least one of {@code wanted}. */
  public boolean hasAnyRole(Collection<String> wanted) {
    for (String role : wanted) {
      if (roles.contains(role)) {
        return true;
      }
    }
    return false;
  }
}
