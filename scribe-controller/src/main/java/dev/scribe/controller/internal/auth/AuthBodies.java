package dev.scribe.controller.internal.auth;

import dev.scribe.controller.AuthTier;
import dev.scribe.controller.http.codec.JsonCodec;
import dev.scribe.controller.internal.request.BodyShapes;
import dev.scribe.core.ArgsContractException;
import dev.scribe.core.EventArgs;
import dev.scribe.core.User;
import dev.scribe.core.Veto;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the auth routes read of a body and the args, and the JSON of an account. */
final class AuthBodies {
  private AuthBodies() {}

  /**
   * A 400 saying {@code why} for a body with anything in it ({@code {}}, as a client library sends with every POST,
   * is nothing): a route that reads no body would pass it over, and answer as if the client had asked for less.
   */
  static void refuseBody(AuthCall call, JsonCodec json, String why) {
    if (call.body() == null || call.body().isEmpty()) {
      return;
    }
    Object body = call.body().decode(json, "no body");
    if (!(body instanceof Map) || !((Map<?, ?>) body).isEmpty()) {
      throw new Veto(400, why);
    }
  }

  /** The body of register and login: an object with the string fields name and password, nothing else. */
  static Map<String, Object> credentials(AuthCall call, JsonCodec json) {
    Object body = call.body() == null ? null
        : call.body().decode(json, "a JSON object {\"name\": \"...\", \"password\": \"...\"}");
    if (!(body instanceof Map)) {
      throw new Veto(400, "send a JSON object {\"name\": \"...\", \"password\": \"...\"}, not "
          + (body == null ? "an empty body" : BodyShapes.kind(body)));
    }
    Map<String, Object> params = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<?, ?> entry : ((Map<?, ?>) body).entrySet()) {
      String key = String.valueOf(entry.getKey());
      if (key.equals("name") || key.equals("password")) {
        if (entry.getValue() != null && !(entry.getValue() instanceof String)) {
          throw Veto.builder().status(400).message("'" + key + "' must be a string")
              .field(key, "must be a string").build();
        }
        params.put(key, entry.getValue());
      } else {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      List<String> named = unknown.stream().limit(MAX_NAMED).map(AuthBodies::shown).toList();
      Veto.Builder refusal = Veto.builder().status(400)
          .message("unknown field(s) " + named + (unknown.size() > MAX_NAMED ? " and " + (unknown.size() - MAX_NAMED)
              + " more" : "") + "; the body has only 'name' and 'password'");
      named.forEach(key -> refusal.field(key, "is not a field; use name and password"));
      throw refusal.build();
    }
    return params;
  }

  /**
   * A refusal names at most this many unknown keys, each cut to {@link #MAX_KEY_SHOWN} characters: a body of
   * fifteen thousand unknown keys is not echoed back whole, three times over.
   */
  static final int MAX_NAMED = 20;
  private static final int MAX_KEY_SHOWN = 100;

  private static String shown(String key) {
    return key.length() <= MAX_KEY_SHOWN ? key : key.substring(0, MAX_KEY_SHOWN) + "...";
  }

  /** A 400 naming what is missing when a login has no name or no password (null): a malformed request, not a wrong one. */
  static void requireCredentials(String name, String password) {
    if (name != null && password != null) {
      return;
    }
    Veto.Builder refusal = Veto.builder().status(400)
        .message("a login needs both 'name' and 'password'; send {\"name\": \"...\", \"password\": \"...\"}");
    if (name == null) {
      refusal.field("name", "is required");
    }
    if (password == null) {
      refusal.field("password", "is required");
    }
    throw refusal.build();
  }

  static String text(Map<String, Object> params, String key) {
    Object value = params.get(key);
    return value == null ? null : String.valueOf(value);
  }

  @SuppressWarnings("unchecked")
  static Set<String> roles(EventArgs args) {
    Object roles = args.get(AuthTier.ROLES);
    if (roles == null) {
      return Set.of();
    }
    if (!(roles instanceof java.util.Collection)) {
      throw new ArgsContractException(AuthTier.ROLES, "a handler replaced '" + AuthTier.ROLES + "' of auth.register with a "
          + roles.getClass().getName() + "; it must stay a collection of role names");
    }
    Set<String> names = new LinkedHashSet<>();
    for (Object role : (java.util.Collection<Object>) roles) {
      names.add(String.valueOf(role));
    }
    return names;
  }

  static Map<String, Object> userJson(User user) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", user.id());
    json.put("name", user.name());
    json.put("roles", new ArrayList<>(user.roles()));
    return json;
  }
}
