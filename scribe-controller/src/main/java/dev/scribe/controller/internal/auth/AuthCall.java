package dev.scribe.controller.internal.auth;

import dev.scribe.controller.http.codec.RequestBody;
import java.util.function.UnaryOperator;

/**
 * What one call of an auth route brings: the body, the caller, the bearer token, the client address and the
 * request's headers ({@code header.apply(name)}: the first value, or null), which the conditions are read from.
 */
public record AuthCall(RequestBody body, Object user, String bearerToken, String client, String requestId,
    UnaryOperator<String> header) {
  @Override
  public String toString() {
    return "AuthCall[user=" + user + ", client=" + client + "]";
  }
}
