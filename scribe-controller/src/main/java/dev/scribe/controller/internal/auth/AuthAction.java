package dev.scribe.controller.internal.auth;

import dev.scribe.controller.AuthTier;
import dev.scribe.core.Event;

/** The four actions and their events. */
enum AuthAction {
  REGISTER("register", "Register", "POST"),
  LOGIN("login", "Login", "POST"),
  LOGOUT("logout", "Logout", "POST"),
  ME("me", "Me", "GET");

  final String id;
  final Event pre;
  final Event post;
  final Event failure;
  final String method;

  AuthAction(String id, String suffix, String method) {
    this.id = id;
    this.pre = AuthTier.TIER.event("onPre" + suffix);
    this.post = AuthTier.TIER.event("onPost" + suffix);
    this.failure = AuthTier.TIER.event("on" + suffix + "Failure");
    this.method = method;
  }

  static AuthAction of(String segment) {
    for (AuthAction action : values()) {
      if (action.id.equals(segment)) {
        return action;
      }
    }
    return null;
  }
}
