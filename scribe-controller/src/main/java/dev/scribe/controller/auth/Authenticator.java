package dev.scribe.controller.auth;

import dev.scribe.core.UsageException;
import dev.scribe.core.User;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Finds the caller of an HTTP request. The REST application calls it once per request, before routing;
 * the user it returns is under {@code user} in the args of every event of the request.
 *
 * <p>Contract: return null when the request carries no credentials (an anonymous caller); throw
 * {@link AuthenticationException} when it carries credentials that identify nobody (401); never return a
 * user the credentials do not prove. Implementations are called concurrently and must be thread-safe.
 *
 * <pre>{@code
 * RestApplication.builder(store)
 *     .auth(new AuthController(store, identities))                // bearer tokens from POST /auth/login
 *     .authenticator(Authenticator.firstOf(
 *         TokenAuthenticator.of(identities),
 *         Authenticator.containerPrincipal("admin", "staff")))    // or the servlet container's login
 * }</pre>
 */
@FunctionalInterface
public interface Authenticator {
  /** The caller of {@code request}, or null for an anonymous one. */
  User authenticate(HttpServletRequest request);

  /** Nobody is ever authenticated: every request is anonymous. */
  static Authenticator anonymous() {
    return request -> null;
  }

  /**
   * The servlet container's principal ({@link HttpServletRequest#getUserPrincipal()}), with those of
   * {@code knownRoles} the container says the principal holds ({@link HttpServletRequest#isUserInRole}).
   * The principal's name is both the user's id and name; a principal without a name (null or blank) vouches for
   * a caller it cannot name, which is no user: an {@link AuthenticationException} (401). A null or blank role is a
   * {@link UsageException}; a role named twice is asked about once.
   */
  static Authenticator containerPrincipal(String... knownRoles) {
    if (knownRoles == null) {
      throw new UsageException("Authenticator.containerPrincipal(null): pass the roles to ask the container about, e.g."
          + " containerPrincipal(\"admin\"), or none");
    }
    for (int i = 0; i < knownRoles.length; i++) {
      if (knownRoles[i] == null || knownRoles[i].isBlank()) {
        // refused here: User refuses such a role, so a container that said a caller holds it failed that request
        throw new UsageException("Authenticator.containerPrincipal(" + java.util.Arrays.toString(knownRoles) + "): role "
            + i + " is " + (knownRoles[i] == null ? "null" : "blank") + "; pass the names of the roles, e.g."
            + " containerPrincipal(\"admin\")");
      }
    }
    Set<String> roles = new LinkedHashSet<>(java.util.Arrays.asList(knownRoles)); // a role named twice is one role
    return request -> {
      Principal principal = request.getUserPrincipal();
      if (principal == null) {
        return null;
      }
      if (principal.getName() == null || principal.getName().isBlank()) {
        throw new AuthenticationException("the credentials of this request were accepted by the server, but its"
            + " principal has no name, so they identify no user; send the credentials of a named user, or none");
      }
      Set<String> held = new LinkedHashSet<>();
      for (String role : roles) {
        if (request.isUserInRole(role)) {
          held.add(role);
        }
      }
      return new User(principal.getName(), principal.getName(), held);
    };
  }

  /**
   * Asks each authenticator in turn; the first user found wins. A refusal ({@link AuthenticationException})
   * does not end the search: credentials one authenticator cannot accept may be another's (a container's
   * {@code Authorization: Basic} login is no bearer token), so the request is a 401 — with the first
   * refusal's message — only when no authenticator finds a user, and anonymous when none refused either. No
   * authenticator, or a null one, is a {@link UsageException}.
   */
  static Authenticator firstOf(Authenticator... authenticators) {
    if (authenticators == null || authenticators.length == 0) {
      throw new UsageException("Authenticator.firstOf(" + (authenticators == null ? "null" : "") + "): pass the"
          + " authenticators to ask in turn" + (authenticators == null ? "" : " (a chain of none finds no user for any"
          + " request)") + ", e.g. firstOf(TokenAuthenticator.of(identities), Authenticator.containerPrincipal(...))");
    }
    for (int i = 0; i < authenticators.length; i++) {
      if (authenticators[i] == null) {
        throw new UsageException("Authenticator.firstOf(...): authenticator " + i + " is null; pass only the"
            + " authenticators to ask");
      }
    }
    Authenticator[] chain = authenticators.clone();
    return request -> {
      AuthenticationException refused = null;
      for (Authenticator authenticator : chain) {
        User user;
        try {
          user = authenticator.authenticate(request);
        } catch (AuthenticationException e) {
          if (refused == null) {
            refused = e;
          }
          continue;
        }
        if (user != null) {
          return user;
        }
      }
      if (refused != null) {
        throw refused;
      }
      return null;
    };
  }
}
