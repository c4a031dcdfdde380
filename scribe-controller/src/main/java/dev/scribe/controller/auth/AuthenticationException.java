package dev.scribe.controller.auth;

import dev.scribe.core.Veto;
import java.util.List;
import java.util.Map;

/**
 * A 401: the request carried credentials that do not identify anyone. The HTTP binding answers it with the
 * {@link #challenge()}: {@code WWW-Authenticate: Bearer realm="scribe", error="invalid_token"} for a token that is
 * unknown, expired or revoked (the client should get a new one), and without the error code for credentials that
 * are no bearer token at all ({@link #notABearerToken}: another scheme, a scheme without a token, two
 * {@code Authorization} headers), as RFC 6750 (3.1) asks. A request without credentials is not an error: the
 * authenticator returns no user.
 *
 * <pre>{@code
 * throw new AuthenticationException("the API key is unknown or revoked; ask for a new one");
 * }</pre>
 */
public final class AuthenticationException extends Veto {
  private static final long serialVersionUID = 1L;
  private static final String INVALID_TOKEN = "Bearer realm=\"scribe\", error=\"invalid_token\"";
  private static final String NO_TOKEN = "Bearer realm=\"scribe\"";

  private final boolean invalidToken;

  /** A 401 for a token that identifies nobody, with a message for the client that says what to do. */
  public AuthenticationException(String message) {
    this(message, true);
  }

  private AuthenticationException(String message, boolean invalidToken) {
    super(List.of(message), 401, Map.of(), List.of());
    this.invalidToken = invalidToken;
  }

  /** A 401 for credentials that are no bearer token (another scheme, none after {@code Bearer}): no error code. */
  public static AuthenticationException notABearerToken(String message) {
    return new AuthenticationException(message, false);
  }

  /** The {@code WWW-Authenticate} value that answers it. */
  public String challenge() {
    return invalidToken ? INVALID_TOKEN : NO_TOKEN;
  }

  /** The challenge of a 401 {@code refused} with: its own when it is an AuthenticationException, else invalid_token. */
  public static String challengeOf(Veto refused) {
    return refused instanceof AuthenticationException ? ((AuthenticationException) refused).challenge() : INVALID_TOKEN;
  }
}
