package dev.scribe.controller.http;

import dev.scribe.controller.auth.Authenticator;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Finds the caller of a request once, and remembers it on the request so that every route of the request
 * sees the same caller: what a filter put under {@value #USER_ATTRIBUTE}, else the application's
 * authenticator, else the container's principal as a user without roles.
 */
final class Callers {
  /** Request attribute a filter may set to hand the user to handlers; the principal is used otherwise. */
  static final String USER_ATTRIBUTE = "dev.scribe.user";
  /** Request attribute holding the caller {@link #authenticate} found ({@link #ANONYMOUS} for none). */
  private static final String CALLER_ATTRIBUTE = "dev.scribe.caller";
  private static final Object ANONYMOUS = new Object();
  /** The container's principal as a user without roles (one without a name is refused, as there). */
  private static final Authenticator CONTAINER = Authenticator.containerPrincipal();

  private Callers() {}

  /**
   * The caller of the request: the one {@link #authenticate} found; before that (or in a servlet that does not
   * authenticate), what a filter put under {@value #USER_ATTRIBUTE}, else the container's principal as a user
   * without roles.
   */
  static Object user(HttpServletRequest req) {
    Object caller = req.getAttribute(CALLER_ATTRIBUTE);
    if (caller != null) {
      return caller == ANONYMOUS ? null : caller;
    }
    Object user = req.getAttribute(USER_ATTRIBUTE);
    if (user != null) {
      return user;
    }
    return CONTAINER.authenticate(req);
  }

  /** Finds the caller with {@code authenticator} (null: the principal) unless a filter named one, and remembers it. */
  static Object authenticate(HttpServletRequest req, Authenticator authenticator) {
    Object user = req.getAttribute(USER_ATTRIBUTE);
    if (user == null) {
      user = authenticator != null ? authenticator.authenticate(req) : user(req);
    }
    req.setAttribute(CALLER_ATTRIBUTE, user == null ? ANONYMOUS : user);
    return user;
  }
}
