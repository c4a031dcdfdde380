package dev.scribe.controller.auth;

import dev.scribe.core.Veto;
import java.util.List;
import java.util.Map;

/**
 * A 401: the request carried credentials that do not identify anyone (an unknown, expired or revoked
 * token). The HTTP binding answers it with {@code WWW-Authenticate: Bearer error="invalid_token"}.
 * A request without credentials is not an error: the authenticator returns no user.
 */
public final class AuthenticationException extends Veto {
  private static final long serialVersionUID = 1L;

  /** A 401 with a message for the client that says what to do. */
  public AuthenticationException(String message) {
    super(List.of(message), 401, Map.of(), List.of());
  }
}
