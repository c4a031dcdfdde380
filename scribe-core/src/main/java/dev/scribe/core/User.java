package dev.scribe.core;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
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
  /**
   * Checks the fields; {@code roles} is copied (null means none).
   *
   * @throws UsageException if the id or the name is null or blank, or a role is
   */
  public User {
    if (id == null) {
      throw new UsageException("User(null, " + name + ", " + roles + "): pass the caller's stable id; an anonymous"
          + " caller is no User (leave the user out, or null)");
    }
    if (name == null) {
      throw new UsageException("User(" + id + ", null, " + roles + "): pass the caller's login or display name");
    }
    if (id.isBlank()) {
      throw new UsageException("User(\"" + id + "\", " + name + ", " + (roles == null ? Set.of() : roles)
          + "): the id is blank; pass the caller's stable id; an anonymous caller is no User (leave the user out, or null)");
    }
    if (name.isBlank()) {
      throw new UsageException("User(" + id + ", \"" + name + "\", " + (roles == null ? Set.of() : roles)
          + "): the name is blank; pass the caller's login or display name");
    }
    if (roles != null && roles.stream().anyMatch(Objects::isNull)) {
      throw new UsageException("User(" + id + ", " + name + ", " + roles + "): a role is null; pass the roles' names,"
          + " or an empty set for none");
    }
    if (roles != null && roles.stream().anyMatch(String::isBlank)) {
      throw new UsageException("User(" + id + ", " + name + ", " + roles + "): a role is blank; pass the roles' names,"
          + " or an empty set for none");
    }
    roles = roles == null ? Set.of() : Set.copyOf(roles);
  }

  /** A user with these roles. */
  public static User of(String id, String name, String... roles) {
    return new User(id, name, roles == null ? null : new LinkedHashSet<>(Arrays.asList(roles)));
  }

  /** The user under {@value EventArgs#USER} in {@code args}, or null when there is none, it is not a {@link User} or there are no args. */
  public static User from(Map<String, ?> args) {
    if (args == null) {
      return null;
    }
    Object user = args.get(EventArgs.USER);
    return user instanceof User ? (User) user : null;
  }

  /** True when this user holds {@code role}; nobody holds a null role. */
  public boolean hasRole(String role) {
    // an immutable set's contains(null) throws, and a role read from an unset option is null
    return role != null && roles.contains(role);
  }

  /** True when this user holds at least one of {@code wanted}. */
  public boolean hasAnyRole(Collection<String> wanted) {
    if (wanted == null) {
      throw new UsageException("hasAnyRole(null): pass the roles to look for, e.g. List.of(\"admin\")");
    }
    for (String role : wanted) {
      if (hasRole(role)) {
        return true;
      }
    }
    return false;
  }
}
