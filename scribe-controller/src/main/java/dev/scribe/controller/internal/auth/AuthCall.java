package dev.scribe.controller.internal.auth;

import dev.scribe.controller.http.codec.RequestBody;

/** What one call of an auth route brings: the body, the caller, the bearer token and the client address. */
public record AuthCall(RequestBody body, Object user, String bearerToken, String client, String requestId) {
  @Override
  public String toString() {
    return "AuthCall[user=" + user + ", client=" + client + "]";
  }
}
