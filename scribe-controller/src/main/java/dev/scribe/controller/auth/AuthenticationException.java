package dev.scribe.controller.auth;

import dev.scribe.core.Veto;
import java.util.List;
import java.util.Map;

/**
 * A 401: the request carried credentials that do not identify anyone. The HTTP binding answers it with the
 * {@link #challenge()}: {@code WWW-Authenticate: Bearer realm="scribe", error="invalid_token"} for a token that is
 * unknown, expired or revoked (the client should get a new one), and without the error code for credentials that
 * are no bearer token at all ({@link #notABearerToken}: another scheme), as RFC 6750 (3.1) asks. A malformed
 * request ({@link #malformed}: two {@code Authorization} headers, the Bearer scheme without a token, a token that
 * is no b64token) is a 400 with {@code error="invalid_request"}. A request without credentials is not
 * an error: the authenticator returns no user.
 *
 * <pre>{@code
 * throw new AuthenticationException("the API key is unknown or revoked; ask for a new one");
 * }</pre>
 */
public final class AuthenticationException extends Veto {
  private static final long serialVersionUID = 1L;
  private static final String INVALID_TOKEN = "Bearer realm=\"scribe\", error=\"invalid_token\"";
  private static final String NO_TOKEN = "Bearer realm=\"scribe\"";
  private static final String INVALID_REQUEST = "Bearer realm=\"scribe\", error=\"invalid_request\"";

  private final String challenge;

  /** A 401 for a token that identifies nobody, with a message for the client that says what to do. */
  public AuthenticationException(String message) {
    this(message, 401, INVALID_TOKEN);
  }

  private AuthenticationException(String message, int status, String challenge) {
    super(List.of(message), status, Map.of(), List.of());
    this.challenge = challenge;
  }

  /** A 401 for credentials that are no bearer token (another scheme): no error code. */
  public static AuthenticationException notABearerToken(String message) {
    return new AuthenticationException(message, 401, NO_TOKEN);
  }

  /**
   * A 400 with {@code error="invalid_request"} for credentials that are malformed: two {@code Authorization}
   * headers, the Bearer scheme without a token, or a token that is no b64token (RFC 6750, 2.1 and 3.1). A new login would not mend the request, so it is
   * not told to fetch a new token.
   */
  public static AuthenticationException malformed(String message) {
    return new AuthenticationException(message, 400, INVALID_REQUEST);
  }

  /** The {@code WWW-Authenticate} value that answers it. */
  public String challenge() {
    return challenge;
  }

  /**
   * The challenge of a 401 or a malformed request {@code refused} with: its own when it is an
   * AuthenticationException, else invalid_token.
   */
  public static String challengeOf(Veto refused) {
    return refused instanceof AuthenticationException ? ((AuthenticationException) refused).challenge() : INVALID_TOKEN;
  }
}
