package dev.scribe.controller.auth;

import dev.scribe.core.UsageException;
import dev.scribe.core.User;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.Locale;

/**
 * Authenticates {@code Authorization: Bearer <token>} against the tokens an {@link IdentityStore} issued
 * ({@code POST /auth/login}). No {@code Authorization} header: anonymous. A token that is not live (unknown,
 * expired, revoked): 401 with {@code error="invalid_token"}; another scheme: 401 with a challenge without an
 * error code; more than one {@code Authorization} header, {@code Bearer} without a token, or with one that is no
 * b64token (RFC 6750, 2.1: a space, a quote, a character beyond ASCII): 400 with {@code error="invalid_request"}.
 *
 * <pre>{@code
 * RestApplication.builder(store).authenticator(TokenAuthenticator.of(identities))
 * }</pre>
 */
public final class TokenAuthenticator implements Authenticator {
  private final IdentityStore identities;

  private TokenAuthenticator(IdentityStore identities) {
    this.identities = identities;
  }

  /** An authenticator over the tokens of {@code identities}. */
  public static TokenAuthenticator of(IdentityStore identities) {
    if (identities == null) {
      // else every request would fail on it, each a 500 instead of one refusal at start
      throw new UsageException("TokenAuthenticator.of(null): pass the IdentityStore whose tokens it checks,"
          + " e.g. IdentityStore.builder(store).build()");
    }
    return new TokenAuthenticator(identities);
  }

  @Override
  public User authenticate(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null) {
      return null;
    }
    int headers = count(request.getHeaders("Authorization"));
    if (headers > 1) {
      // which one counts would be a guess, and a proxy in front may have checked the other: a malformed request
      // (RFC 6750, 3.1), which no new token mends
      throw AuthenticationException.malformed("the request has " + headers + " Authorization headers; send one,"
          + " 'Bearer <token>' with a token from POST /auth/login");
    }
    String token = bearerToken(header);
    if (token == null && header.strip().equalsIgnoreCase("Bearer")) {
      throw AuthenticationException.malformed("the Authorization header is 'Bearer' without a token; send"
          + " 'Bearer <token>' with a token from POST /auth/login");
    }
    if (token == null && header.length() > 6 && header.regionMatches(true, 0, "Bearer", 0, 6)
        && header.charAt(6) == '\t') {
      // the Bearer scheme, malformed (RFC 9110, 11.4: spaces separate the scheme and its token): told to fetch a token
      // with Bearer, the client could not tell what to mend
      throw AuthenticationException.malformed("the Authorization header separates 'Bearer' from its token with a tab;"
          + " write a space between them: 'Bearer <token>' with a token from POST /auth/login");
    }
    if (token == null) {
      throw AuthenticationException.notABearerToken("the Authorization header must be 'Bearer <token>' with a token"
          + " from POST /auth/login");
    }
    String wrong = B64Token.wrongCharacter(asSent(token));
    if (wrong != null) {
      // named, not echoed: the rest of the header is a credential
      throw AuthenticationException.malformed("the bearer token of the Authorization header holds " + wrong
          + "; a token is letters, digits and - . _ ~ + / followed by any '=' (RFC 6750, 2.1): send the token"
          + " POST /auth/login issued, as it was issued");
    }
    User user = identities.userOfToken(token);
    if (user == null) {
      throw new AuthenticationException("the bearer token is unknown, expired or revoked; log in again with POST /auth/login");
    }
    return user;
  }

  /**
   * The token as its client wrote it: the container reads each byte of a header as one Latin-1 character, so a
   * character a client sent in UTF-8, as most do, arrived as two or three ({@code é} as {@code Ã©}) and was named by
   * the first of them. Bytes that are not UTF-8 are kept as read.
   */
  private static String asSent(String token) {
    for (int i = 0; i < token.length(); i++) {
      if (token.charAt(i) > 0xff) {
        return token; // not read byte by byte: nothing to decode
      }
    }
    try {
      return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
          .decode(java.nio.ByteBuffer.wrap(token.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return token;
    }
  }

  private static int count(Enumeration<String> values) {
    int count = 0;
    while (values != null && values.hasMoreElements()) {
      values.nextElement();
      count++;
    }
    return count;
  }

  /** The token of a {@code Bearer} Authorization header, or null when the header is of another kind. */
  public static String bearerToken(String header) {
    if (header == null || header.length() < 8 || !header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return null;
    }
    String token = header.substring(7).strip();
    return token.isEmpty() ? null : token;
  }
}
