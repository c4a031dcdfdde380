package dev.scribe.controller;

import dev.scribe.controller.http.problem.HttpVeto;
import dev.scribe.core.EventArgs;
import dev.scribe.core.UsageException;
import dev.scribe.core.User;
import dev.scribe.core.Veto;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The answers of the authorization checks, for {@code onAuthorize} handlers and any other handler: 401
 * (with {@code WWW-Authenticate: Bearer}) when a user is needed and there is none, 403 when the user lacks
 * the right.
 *
 * <p>Before {@code onInit} and {@code onPre*} of every action, on every route, verb, batch, nested and
 * prefixed mount, the controller checks its options for the action's path: {@code requiresUser} (true: a
 * caller is needed) and {@code requiresRole} (a role name or a list of them, any of which will do), then
 * fires {@code onAuthorize} with the action's args, where custom rules throw these vetoes.
 *
 * <pre>{@code
 * controller.configure(Config.of(Map.of("requiresUser", false))
 *     .override("admin.**", Map.of("requiresRole", "admin")));
 *
 * void onAuthorize(EventArgs args) {                    // on the controller: a rule of its own
 *   if ("destroy".equals(args.action())) {
 *     Access.requireRole(args, "editor");
 *   }
 * }
 * }</pre>
 */
public final class Access {
  /** The controller option: true when every action on the path needs a caller. */
  public static final String REQUIRES_USER = "requiresUser";
  /** The controller option: a role (or a list of roles, any of which will do) every action on the path needs. */
  public static final String REQUIRES_ROLE = "requiresRole";

  private Access() {}

  /** A 401 with {@code WWW-Authenticate: Bearer}; {@code message} says how to authenticate. */
  public static Veto unauthenticated(String message) {
    if (message == null || message.isBlank()) {
      throw new UsageException("Access.unauthenticated(" + (message == null ? "null" : "\"" + message + "\"")
          + "): pass the message that says how to authenticate");
    }
    return new HttpVeto(401, message, Map.of("WWW-Authenticate", "Bearer realm=\"scribe\""));
  }

  /** A 403; {@code message} says which right is missing. */
  public static Veto forbidden(String message) {
    if (message == null || message.isBlank()) {
      throw new UsageException("Access.forbidden(" + (message == null ? "null" : "\"" + message + "\"")
          + "): pass the message that says which right is missing");
    }
    return new Veto(403, message);
  }

  /** The caller, or a 401 when there is none. */
  public static User requireUser(EventArgs args) {
    if (args == null) {
      throw new UsageException("Access.requireUser(null): pass the event's args, e.g. Access.requireUser(args) in"
          + " onAuthorize");
    }
    Object user = args.get(EventArgs.USER);
    if (user == null) {
      throw unauthenticated(args.path() + " needs a logged-in user; send Authorization: Bearer <token> from POST /auth/login");
    }
    if (!(user instanceof User)) {
      throw forbidden(args.path() + " needs a user with roles, and the caller has none");
    }
    return (User) user;
  }

  /** The caller when it holds one of {@code roles}; a 401 without a caller, a 403 without the role. */
  public static User requireRole(EventArgs args, String... roles) {
    if (args == null) {
      throw new UsageException("Access.requireRole(null, ...): pass the event's args, e.g. Access.requireRole(args,"
          + " \"admin\") in onAuthorize");
    }
    if (roles == null) {
      throw new UsageException("Access.requireRole(args, null): pass the roles one of which the caller needs, e.g."
          + " Access.requireRole(args, \"admin\")");
    }
    if (roles.length == 0) {
      // "one of no roles" let every logged-in user through: a check that failed open
      throw new UsageException("Access.requireRole(args) names no role: pass the roles one of which the caller needs,"
          + " e.g. Access.requireRole(args, \"admin\"), or call Access.requireUser(args) for any logged-in user");
    }
    if (Arrays.asList(roles).contains(null)) {
      throw new UsageException("Access.requireRole(args, " + Arrays.toString(roles) + "): a role is null; name each"
          + " role the caller may hold");
    }
    return requireAnyRole(args, List.of(roles));
  }

  static User requireAnyRole(EventArgs args, List<String> roles) {
    User user = requireUser(args);
    if (!roles.isEmpty() && !user.hasAnyRole(roles)) {
      throw forbidden(args.path() + " needs the role " + (roles.size() == 1 ? "'" + roles.get(0) + "'"
          : "one of " + roles) + ", which " + user.name() + " does not have");
    }
    return user;
  }
}
